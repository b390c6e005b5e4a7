import assert from "node:assert/strict";
import { parseCommandLine } from "../../../runtime/cli/flags.ts";

const noEnv = () => undefined;
const noFile = () => "";

function options(args: string[], env: (name: string) => string | undefined = noEnv) {
  const command = parseCommandLine(args, env, noFile);
  assert.equal(command.kind, "run", JSON.stringify(command));
  return command.kind === "run" ? command.options : null!;
}

Deno.test("--batching is on by default; --batching off and MODEL_RUNTIME_BATCHING turn it off", () => {
  assert.equal(options(["--serve"]).batching, true);
  assert.equal(options(["--serve"]).batchWaitMs, undefined);
  assert.equal(options(["--serve", "--batching", "off"]).batching, false);
  assert.equal(options(["--serve", "--batching", "on"]).batching, true);
  const env = (name: string) => name === "MODEL_RUNTIME_BATCHING" ? "off" : undefined;
  assert.equal(options(["--serve"], env).batching, false);
  assert.equal(options(["--serve", "--batch-wait-ms", "2.5"]).batchWaitMs, 2.5);
});

Deno.test("bad --batching and --batch-wait-ms values are usage errors", () => {
  for (
    const args of [["--batching", "maybe"], ["--batch-wait-ms", "x"], ["--batch-wait-ms", "-1"]]
  ) {
    const command = parseCommandLine(["--serve", ...args], noEnv, noFile);
    assert.equal(command.kind, "usage-error", args.join(" "));
  }
  const misplaced = parseCommandLine(["--infer", "--batching", "off"], noEnv, noFile);
  assert.equal(misplaced.kind, "usage-error");
});
