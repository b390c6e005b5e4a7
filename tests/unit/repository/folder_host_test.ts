import assert from "node:assert/strict";
import { join } from "node:path";
import { encodeOnnxModel } from "../../../runtime/backends/onnx/model_writer.ts";
import { hostForFolder } from "../../../runtime/repository/folder_host.ts";
import { readModelFolder } from "../../../runtime/repository/scan.ts";
import { createLogger } from "../../../runtime/base/log.ts";
import { modelHostFactory } from "../../../runtime/hosting/model_host_factory.ts";
import { addModel } from "../../fixtures/onnx/models.ts";

Deno.test("repository models get the server's host options (batching off reaches them)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "repo_options_" });
  try {
    await Deno.writeFile(join(dir, "model.onnx"), encodeOnnxModel(addModel()));
    const folder = await readModelFolder("adder", dir);
    assert.ok(folder);
    const log = createLogger("silent");
    const off = await hostForFolder(
      folder,
      modelHostFactory({ log, batching: { enabled: false } }),
    );
    const defaults = await hostForFolder(folder, modelHostFactory({ log }));
    assert.equal(off.host.batching, false);
    assert.equal(defaults.host.batching, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
