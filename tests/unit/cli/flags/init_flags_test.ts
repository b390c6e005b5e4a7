/** `--init`'s flags (runtime/cli/flags/init_flags.ts): the bundle root, name, version, force. */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("init parses its flags; DIR is required", () => {
  const init = optionsOf("init", [
    "--init",
    "models/ResNet50",
    "--name",
    "ResNet50",
    "--bundle-version",
    "1.2.3",
    "--force",
  ]);
  assert.deepEqual(
    [init.initDir, init.name, init.bundleVersion, init.force],
    ["models/ResNet50", "ResNet50", "1.2.3", true],
  );
  const plain = optionsOf("init", ["--init", "m"]);
  assert.deepEqual([plain.name, plain.bundleVersion, plain.force], [undefined, undefined, false]);
  assert.match(usageErrorOf(["--init"]) ?? "", /--init/);
  assert.match(usageErrorOf(["--init", "m", "--out", "o"]) ?? "", /--out does not apply to --init/);
});
