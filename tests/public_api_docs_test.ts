/**
 * The public API a model author imports (mod.ts) is documented completely:
 * `deno doc --lint mod.ts` finds no error — every export has its JSDoc and
 * every type the API refers to is exported too.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "./support/cli.ts";

Deno.test("deno doc --lint mod.ts is clean", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", "mod.ts"],
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const errors = new TextDecoder().decode(output.stderr)
    .split("\n")
    .filter((line) => line.startsWith("error"));
  assert.deepEqual(errors, [], errors.join("\n"));
  assert.equal(output.code, 0);
});
