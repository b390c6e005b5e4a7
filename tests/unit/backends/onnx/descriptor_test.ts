/**
 * The ONNX backend's descriptor: the files it recognises and picks in a
 * folder, the module it serves a bare file with (a module the registry
 * knows), and its sessions and introspection — real onnxruntime sessions,
 * opened behind the float16 guard.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ONNX_BACKEND } from "../../../../runtime/backends/onnx/descriptor.ts";
import { float16ArrayRemoved } from "../../../../runtime/backends/onnx/float16_guard.ts";
import { encodeOnnxModel } from "../../../../runtime/backends/onnx/model_writer.ts";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { createModelWrapper } from "../../../../runtime/hosting/module_registry.ts";
import { OnnxTensorModule } from "../../../../runtime/modules/onnx_tensor.ts";
import { addModel, modelOf } from "../../../fixtures/onnx/models.ts";
import { testBundle } from "../../../support/test_bundle.ts";

Deno.test("onnx descriptor: model.onnx is the model file; *.onnx files are recognised, hidden ones not", () => {
  assert.equal(ONNX_BACKEND.id, "onnx");
  assert.equal(ONNX_BACKEND.modelFile, "model.onnx");
  assert.deepEqual(ONNX_BACKEND.extensions, [".onnx"]);
  for (const name of ["model.onnx", "resnet-50.onnx", "a.b.onnx"]) {
    assert.equal(ONNX_BACKEND.recognises(name), true, name);
  }
  for (const name of [".onnx", "._resnet.onnx", "model.onnx.part", "model.yaml", "dir/x.onnx"]) {
    assert.equal(ONNX_BACKEND.recognises(name), false, name);
  }
});

Deno.test("onnx descriptor: a folder's model file is model.onnx, else its only *.onnx", () => {
  const pick = ONNX_BACKEND.pickModelFile;
  assert.equal(pick(["other.onnx", "model.onnx", "README.md"]), "model.onnx");
  assert.equal(pick(["README.md", "resnet.onnx", "._resnet.onnx"]), "resnet.onnx");
  assert.equal(pick(["a.onnx", "b.onnx"]), null, "two candidates and no model.onnx");
  assert.equal(pick(["model.yaml", "weights.bin"]), null);
  assert.equal(pick([]), null);
  assert.equal(pick(new Set(["only.onnx"])), "only.onnx", "any iterable of names");
});

Deno.test("onnx descriptor: a bare file is served by onnx-tensor, a module the registry builds", () => {
  const module = ONNX_BACKEND.servingModule("resnet.onnx");
  assert.deepEqual(module, { id: "onnx-tensor", config: { artifact: "resnet.onnx" } });
  assert.equal(module.id, ONNX_BACKEND.tensorModule);
  const bundle = testBundle();
  assert.ok(createModelWrapper({ ...bundle.spec, module }) instanceof OnnxTensorModule);
});

Deno.test("onnx descriptor: introspection names the declared tensors as OIP datatypes", async () => {
  assert.deepEqual(await ONNX_BACKEND.introspect(encodeOnnxModel(addModel())), {
    inputs: [{ name: "x", datatype: "FP32", shape: [-1, 3] }],
    outputs: [{ name: "y", datatype: "FP32", shape: [-1, 3] }],
  });
  const half = modelOf({
    name: "half",
    inputs: [{ name: "h", type: "float16", shape: [2] }, { name: "s", type: "string", shape: [1] }],
    outputs: [{ name: "r", type: "float16", shape: [2] }, {
      name: "t",
      type: "string",
      shape: [1],
    }],
    initializers: [],
    nodes: [
      { opType: "Relu", inputs: ["h"], outputs: ["r"] },
      { opType: "Identity", inputs: ["s"], outputs: ["t"] },
    ],
  });
  const signature = await ONNX_BACKEND.introspect(encodeOnnxModel(half));
  assert.deepEqual(signature.inputs.map((t) => t.datatype), ["FP16", "BYTES"]);
  assert.equal(float16ArrayRemoved(), true, "the descriptor's sessions sit behind the guard");
  await assert.rejects(
    ONNX_BACKEND.introspect(new TextEncoder().encode("not an ONNX model")),
    (error) => error instanceof RuntimeError && error.kind === "internal",
  );
});

Deno.test("onnx descriptor: open reads a model file into a session; a missing file is not_found", async () => {
  const dir = await Deno.makeTempDir({ prefix: "onnx_descriptor_" });
  try {
    const path = join(dir, ONNX_BACKEND.modelFile);
    await Deno.writeFile(path, encodeOnnxModel(addModel()));
    const session = await ONNX_BACKEND.open(path, { intraOpNumThreads: 1 });
    try {
      assert.deepEqual(session.inputs.map((t) => t.name), ["x"]);
      assert.deepEqual(session.outputs.map((t) => t.shape), [[-1, 3]]);
    } finally {
      await session.close();
    }
    await assert.rejects(
      ONNX_BACKEND.open(join(dir, "missing.onnx")),
      (error) => error instanceof RuntimeError && error.kind === "not_found",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
