/**
 * The interface check both tabular modules share (runtime/modules/tabular_session.ts):
 * a float32 [batch, columns] matrix fits, a dynamic column count fits any,
 * and anything else is an `internal` error naming the file, what was
 * expected and what was found.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import type { OnnxElementType } from "../../../runtime/backends/onnx/graph_types.ts";
import type { OnnxTensorInfo } from "../../../runtime/backends/onnx/session.ts";
import { requireFloat32Matrix } from "../../../runtime/modules/tabular_session.ts";

const entry = (name: string, type: OnnxElementType, shape: number[]): OnnxTensorInfo => ({
  name,
  type,
  shape,
  dimNames: shape.map(() => null),
});

function failure(list: readonly OnnxTensorInfo[], columns = 4): RuntimeError {
  try {
    requireFloat32Matrix("m.onnx", "input", "features", columns, list);
  } catch (error) {
    assert.ok(error instanceof RuntimeError);
    return error;
  }
  throw new Error("expected the check to fail");
}

Deno.test("tabular session: a float32 matrix of the width fits, as does a dynamic width", () => {
  for (const shape of [[-1, 4], [8, 4], [-1, -1]]) {
    requireFloat32Matrix("m.onnx", "input", "features", 4, [
      entry("other", "int64", [1]),
      entry("features", "float32", shape),
    ]);
  }
});

Deno.test("tabular session: a missing, mistyped or misshapen tensor names what it found", () => {
  const missing = failure([entry("other", "float32", [-1, 4])]);
  assert.equal(missing.kind, "internal");
  assert.equal(
    missing.message,
    "m.onnx: expected input 'features' float32 [batch, 4], found none",
  );
  assert.match(
    failure([entry("features", "float64", [-1, 4])]).message,
    /found float64 \[\?, 4\]$/,
  );
  assert.match(
    failure([entry("features", "float32", [-1, 3])]).message,
    /found float32 \[\?, 3\]$/,
  );
  assert.match(failure([entry("features", "float32", [4])]).message, /found float32 \[4\]$/);
});
