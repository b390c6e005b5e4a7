/** `--scaffold`'s flags (runtime/cli/flags/scaffold_flags.ts): the ONNX file and where the bundle goes. */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("scaffold parses its flags; --out is required", () => {
  const scaffold = optionsOf("scaffold", [
    "--scaffold",
    "m.onnx",
    "--out",
    "o",
    "--name",
    "n",
    "--bundle-version",
    "0.0.1",
    "--force",
  ]);
  assert.deepEqual(
    [scaffold.scaffoldOnnx, scaffold.out, scaffold.name, scaffold.bundleVersion, scaffold.force],
    ["m.onnx", "o", "n", "0.0.1", true],
  );
  assert.equal(usageErrorOf(["--scaffold", "m.onnx"]), "--out DIR is required");
  assert.equal(
    optionsOf("scaffold", ["--scaffold", "m.onnx"], { MODEL_RUNTIME_OUT: "e" }).out,
    "e",
  );
});
