/** `--predict`'s flags (runtime/cli/flags/predict_flags.ts): the CSV, the bundle, the output file. */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("predict parses its flags", () => {
  const predict = optionsOf("predict", ["--predict", "d.csv", "--bundle", "b", "--out", "f"]);
  assert.deepEqual([predict.predictCsv, predict.bundle, predict.out], ["d.csv", "b", "f"]);
  assert.equal(optionsOf("predict", ["--predict", "d.csv"]).out, undefined, "stdout");
  assert.match(usageErrorOf(["--predict", "d.csv", "--target", "h:1"]), /does not apply/);
});
