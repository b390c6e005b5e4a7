import assert from "node:assert/strict";
import {
  onnxSessionOptions,
  SMALL_MODEL_SESSION_OPTIONS,
} from "../../../../runtime/backends/onnx/session_settings.ts";
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
