import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { createTensor, tensorNumbers } from "../../../../runtime/backends/onnx/tensor_factory.ts";
import { Tensor } from "../../../../runtime/backends/onnx/ort.ts";

Deno.test("backend: createTensor checks counts and values; tensorNumbers reads them back", () => {
  assert.throws(
    () => createTensor("float32", [1, 2, 3], [2, 2]),
    (error: unknown) => error instanceof RuntimeError && error.kind === "bad_request",
  );
  assert.throws(
    () => createTensor("int64", [1.5], [1]),
    (error: unknown) => error instanceof RuntimeError && error.kind === "bad_request",
  );
  assert.throws(
    () => createTensor("string", [1], [1]),
    (error: unknown) => error instanceof RuntimeError && error.kind === "bad_request",
  );
  assert.deepEqual(tensorNumbers(createTensor("float16", [0.5, -2], [2])), [0.5, -2]);
  assert.deepEqual(tensorNumbers(createTensor("int64", [5n, -1], [2])), [5, -1]);
  assert.deepEqual(tensorNumbers(createTensor("bool", [true, false], [2])), [1, 0]);
  assert.throws(() => tensorNumbers(new Tensor("string", ["a"], [1])));
});
