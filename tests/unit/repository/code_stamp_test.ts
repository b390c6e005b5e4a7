/** The stamp of a bundle's code files (runtime/repository/code_stamp.ts). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { codeStamp } from "../../../runtime/repository/code_stamp.ts";
import { writeFiles } from "../../support/code_bundles.ts";

Deno.test("code stamp: every .ts/.js/.json file, nested too; not test cases, node_modules or hidden", async () => {
  const dir = await Deno.makeTempDir({ prefix: "code_stamp_" });
  try {
    await writeFiles(dir, {
      "model.ts": "export default {};",
      "lib/util.js": "export const x = 1;",
      "lib/labels.json": "[]",
      "model.onnx": "weights",
      "test_cases/a/input.json": "{}",
      "node_modules/p/index.js": "",
      ".cache/x.ts": "",
    });
    const stamp = await codeStamp(dir);
    const files = stamp.split(",").map((entry) => entry.split(":")[0]);
    assert.deepEqual(files, ["lib/labels.json", "lib/util.js", "model.ts"]);
    assert.equal(await codeStamp(dir), stamp, "stable while nothing changes");
    await Deno.writeTextFile(join(dir, "lib", "util.js"), "export const x = 22;");
    assert.notEqual(await codeStamp(dir), stamp, "a changed imported file changes it");
    assert.equal(await codeStamp(join(dir, "nope")), "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
