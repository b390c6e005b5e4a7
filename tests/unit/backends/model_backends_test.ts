/**
 * The list of backends: every backend is listed once with a distinct id,
 * model file and extensions, and a folder's model file is found by asking
 * them in order.
 */
import assert from "node:assert/strict";
import { findModelFile, MODEL_BACKENDS } from "../../../runtime/backends/model_backends.ts";
import { ONNX_BACKEND } from "../../../runtime/backends/onnx/descriptor.ts";
import { knownModuleIds } from "../../../runtime/hosting/module_registry.ts";

Deno.test("backends: ONNX is listed; ids, model files and extensions are distinct", () => {
  assert.ok(MODEL_BACKENDS.includes(ONNX_BACKEND));
  for (const key of ["id", "modelFile"] as const) {
    const values = MODEL_BACKENDS.map((backend) => backend[key]);
    assert.equal(new Set(values).size, values.length, key);
  }
  const extensions = MODEL_BACKENDS.flatMap((backend) => backend.extensions);
  assert.equal(new Set(extensions).size, extensions.length, "extensions");
});

Deno.test("backends: each recognises its own model file and serves it with a registered module", () => {
  for (const backend of MODEL_BACKENDS) {
    assert.equal(backend.recognises(backend.modelFile), true, backend.id);
    assert.ok(backend.extensions.some((extension) => backend.modelFile.endsWith(extension)));
    assert.ok(knownModuleIds().includes(backend.servingModule(backend.modelFile).id), backend.id);
  }
});

Deno.test("backends: a folder's model file and its backend, or null", () => {
  assert.deepEqual(findModelFile(["notes.txt", "net.onnx"]), {
    backend: ONNX_BACKEND,
    file: "net.onnx",
  });
  assert.equal(findModelFile(["notes.txt"]), null);
  assert.equal(findModelFile(["a.onnx", "b.onnx"]), null);
});
