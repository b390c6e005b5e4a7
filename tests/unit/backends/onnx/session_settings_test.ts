import assert from "node:assert/strict";
import { projectPath } from "../../../../runtime/base/assets.ts";
import { OnnxSession } from "../../../../runtime/backends/onnx/session.ts";
import {
  onnxSessionOptions,
  SMALL_MODEL_SESSION_OPTIONS,
} from "../../../../runtime/backends/onnx/session_settings.ts";
import { warmUpSession } from "../../../../runtime/backends/onnx/warm_up.ts";
import { encodeOnnxModel } from "../../../../runtime/backends/onnx/model_writer.ts";
import type { RuntimeError } from "../../../../runtime/base/errors.ts";

Deno.test("onnx_session settings: defaults, overrides, and keyed errors", () => {
  assert.deepEqual(onnxSessionOptions({}, "m.yaml", SMALL_MODEL_SESSION_OPTIONS), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
  assert.deepEqual(
    onnxSessionOptions(
      { onnx_session: { intra_op_threads: 2, graph_optimization_level: "basic" } },
      "m.yaml",
      SMALL_MODEL_SESSION_OPTIONS,
    ),
    { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: "basic" },
  );
  const bad = (settings: unknown, pattern: RegExp) =>
    assert.throws(
      () => onnxSessionOptions({ onnx_session: settings }, "m.yaml"),
      (e: RuntimeError) => {
        assert.equal(e.kind, "internal");
        assert.match(e.message, pattern);
        return true;
      },
    );
  bad({ intra_op_threads: -1 }, /^m\.yaml: module\.config\.onnx_session\.intra_op_threads: /);
  bad({ inter_op_threads: 1.5 }, /inter_op_threads: must be an integer/);
  bad({ graph_optimization_level: "max" }, /graph_optimization_level: must be one of/);
  bad({ threads: 1 }, /onnx_session\.threads: unknown setting/);
  bad([1], /onnx_session: must be a mapping/);
});

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
