import assert from "node:assert/strict";
import { projectPath } from "../../../../runtime/base/assets.ts";
import { OnnxSession } from "../../../../runtime/backends/onnx/session.ts";
import { SMALL_MODEL_SESSION_OPTIONS } from "../../../../runtime/backends/onnx/session_settings.ts";
import { warmUpSession } from "../../../../runtime/backends/onnx/warm_up.ts";
import { encodeOnnxModel } from "../../../../runtime/backends/onnx/model_writer.ts";

Deno.test("warm-up runs the iris model once on zeros; a model that rejects zeros is reported, not fatal", async () => {
  const iris = await OnnxSession.open(
    projectPath("asset_bundle", "0.1.0", "model.onnx"),
    SMALL_MODEL_SESSION_OPTIONS,
  );
  try {
    assert.equal(await warmUpSession(iris), null);
  } finally {
    await iris.close();
  }
  // Zeros make this one fail at run time: 6 values cannot take the shape [0, 0].
  const picky = await OnnxSession.openBytes(encodeOnnxModel({
    producerName: "test",
    producerVersion: "1",
    opsets: [{ domain: "", version: 17 }],
    graph: {
      name: "reshape",
      inputs: [
        { name: "x", type: "float32", shape: [6] },
        { name: "shape", type: "int64", shape: [2] },
      ],
      outputs: [{ name: "y", type: "float32", shape: [2, 3] }],
      initializers: [],
      nodes: [{ opType: "Reshape", inputs: ["x", "shape"], outputs: ["y"] }],
    },
  }));
  try {
    const failure = await warmUpSession(picky);
    assert.ok(failure instanceof Error, "a reshape to [0, 0] fails");
  } finally {
    await picky.close();
  }
});
