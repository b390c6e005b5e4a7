/** Help texts (runtime/cli/usage.ts): the program's lists every mode; each mode's is generated. */
import assert from "node:assert/strict";
import { usage } from "../../../runtime/cli/usage.ts";
import { MODE_SPECS, MODES } from "../../../runtime/cli/flags/modes.ts";
import { modeHelp } from "../../../runtime/cli/flags/flag_help.ts";

Deno.test("the program's help names every mode with its usage and summary", () => {
  const help = usage(null);
  assert.match(help, /^model-runtime: wrap, train and serve/);
  for (const mode of MODES) {
    const spec = MODE_SPECS[mode];
    const lines = spec.usage.map((line) => `  model-runtime ${line}\n`).join("");
    assert.ok(help.includes(`${lines}      ${spec.summary}\n`), mode);
  }
  assert.match(help, /Exit codes: 0 success, 1 the operation failed, 2 usage error\./);
  assert.ok(help.split("\n").every((line) => line.length <= 100));
});

Deno.test("a mode's help is the one generated from its declarations", () => {
  for (const mode of MODES) assert.equal(usage(mode), modeHelp(MODE_SPECS[mode]));
});
