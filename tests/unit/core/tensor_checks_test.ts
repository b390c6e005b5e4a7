/** Tensor request checks against a model's declared inputs and outputs, refusals naming the tensor. */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { checkTensorRequest } from "../../../runtime/core/tensor_checks.ts";
import type { Tensor } from "../../../runtime/model/tensors.ts";

function badRequestNaming(name: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.kind, "bad_request");
    assert.match(error.message, new RegExp(`'${name}'`));
    assert.match(error.message, pattern);
    return true;
  };
}

Deno.test("tensor checks: -1 dims accept any size; everything else is checked", () => {
  const model = {
    inputs: [{ name: "x", datatype: "FP32" as const, shape: [-1, 2] }],
    outputs: [{ name: "y", datatype: "FP32" as const, shape: [-1] }],
  };
  const x = (shape: number[], count: number): Tensor => ({
    name: "x",
    datatype: "FP32",
    shape,
    data: new Float32Array(count),
  });
  checkTensorRequest(model, [x([5, 2], 10)], ["y"]);
  checkTensorRequest(model, [x([0, 2], 0)]);
  assert.throws(() => checkTensorRequest(model, [x([5, 3], 15)]), badRequestNaming("x", /shape/));
  assert.throws(() => checkTensorRequest(model, [x([2], 2)]), badRequestNaming("x", /shape/));
  assert.throws(() => checkTensorRequest(model, [x([1, 2], 3)]), badRequestNaming("x", /holds 2/));
  assert.throws(
    () => checkTensorRequest(model, [x([-2, 2], 0)]),
    badRequestNaming("x", /not a non-negative integer/),
  );
  assert.throws(
    () => checkTensorRequest(model, [x([1, 2], 2), x([1, 2], 2)]),
    badRequestNaming("x", /sent twice/),
  );
  assert.throws(() => checkTensorRequest(model, [x([1, 2], 2)], ["y", "y"]), /requested twice/);
});
