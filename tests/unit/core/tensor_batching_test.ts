import assert from "node:assert/strict";
import { ModelHost } from "../../../runtime/core/model_host.ts";
import type { Tensor, TensorModel } from "../../../runtime/model/tensors.ts";
import { badRequest, type RuntimeError } from "../../../runtime/base/errors.ts";
import type { ModelWrapper } from "../../../runtime/model/contract.ts";
import { testBundle } from "../../support/test_bundle.ts";

/**
 * A tensor model `x` FP32 [-1, 2] -> `sum` FP32 [-1, 1] (row sums) and
 * `twice` FP32 [-1, 2]. A row holding NaN makes the whole call fail, the
 * way a native backend rejects a poisoned batch. Counts calls and rows.
 */
class RowSumModel implements TensorModel {
  readonly inputs = [{ name: "x", datatype: "FP32" as const, shape: [-1, 2] }];
  readonly outputs = [
    { name: "sum", datatype: "FP32" as const, shape: [-1, 1] },
    { name: "twice", datatype: "FP32" as const, shape: [-1, 2] },
  ];
  readonly callRows: number[] = [];
  delayMs = 0;

  async infer(inputs: readonly Tensor[], outputNames: readonly string[]): Promise<Tensor[]> {
    const [x] = inputs;
    const rows = x.shape[0];
    this.callRows.push(rows);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const data = x.data as Float32Array;
    if (data.some(Number.isNaN)) throw badRequest("x holds NaN");
    const sum = new Float32Array(rows);
    const twice = new Float32Array(rows * 2);
    for (let row = 0; row < rows; row++) {
      sum[row] = data[row * 2] + data[row * 2 + 1];
      twice[row * 2] = data[row * 2] * 2;
      twice[row * 2 + 1] = data[row * 2 + 1] * 2;
    }
    const all: Tensor[] = [
      { name: "sum", datatype: "FP32", shape: [rows, 1], data: sum },
      { name: "twice", datatype: "FP32", shape: [rows, 2], data: twice },
    ];
    return outputNames.length === 0 ? all : all.filter((t) => outputNames.includes(t.name));
  }
}

/** A wrapper offering only the tensor face. */
function tensorWrapper(model: TensorModel): ModelWrapper {
  return {
    initialize: () => Promise.resolve(),
    handleInput: () => Promise.reject(new Error("files are not served")),
    tensorModel: () => model,
  };
}

function rowsOf(...rows: number[][]): Tensor[] {
  return [{
    name: "x",
    datatype: "FP32",
    shape: [rows.length, 2],
    data: new Float32Array(rows.flat()),
  }];
}

Deno.test("concurrent tensor requests are concatenated along dimension 0 and split back", async () => {
  const model = new RowSumModel();
  const host = new ModelHost(testBundle(64), tensorWrapper(model));
  await host.initialize();
  const answers = await Promise.all([
    host.infer(rowsOf([1, 2]), []),
    host.infer(rowsOf([3, 4], [5, 6]), []),
    host.infer(rowsOf([7, 8]), ["sum"]),
    host.infer(rowsOf([10, 20]), []),
  ]);
  // One batch; the request asking for other outputs forms its own group.
  assert.deepEqual([...model.callRows].sort(), [1, 4]);
  assert.deepEqual([...answers[0][0].data as Float32Array], [3]);
  assert.deepEqual(answers[0][0].shape, [1, 1]);
  assert.deepEqual([...answers[1][0].data as Float32Array], [7, 11]);
  assert.deepEqual([...answers[1][1].data as Float32Array], [6, 8, 10, 12]);
  assert.deepEqual(answers[1][1].shape, [2, 2]);
  assert.deepEqual(answers[2].map((t) => t.name), ["sum"]);
  assert.deepEqual([...answers[2][0].data as Float32Array], [15]);
  assert.deepEqual([...answers[3][1].data as Float32Array], [20, 40]);
});

Deno.test("a poisoned tensor request fails alone; its neighbours are answered", async () => {
  const model = new RowSumModel();
  const host = new ModelHost(testBundle(64), tensorWrapper(model));
  await host.initialize();
  const outcomes = await Promise.allSettled([
    host.infer(rowsOf([1, 1]), []),
    host.infer(rowsOf([NaN, 1]), []),
    host.infer(rowsOf([2, 2]), []),
  ]);
  assert.equal(outcomes[0].status, "fulfilled");
  assert.deepEqual([...(outcomes[0] as PromiseFulfilledResult<Tensor[]>).value[0].data], [2]);
  assert.equal(outcomes[1].status, "rejected");
  assert.equal(((outcomes[1] as PromiseRejectedResult).reason as RuntimeError).kind, "bad_request");
  assert.deepEqual([...(outcomes[2] as PromiseFulfilledResult<Tensor[]>).value[0].data], [4]);
});

Deno.test("tensor batches hold at most maxBatchSize rows", async () => {
  const model = new RowSumModel();
  const host = new ModelHost(testBundle(4), tensorWrapper(model));
  await host.initialize();
  const requests = Array.from({ length: 10 }, (_, i) => host.infer(rowsOf([i, i]), ["sum"]));
  const sums = (await Promise.all(requests)).map((outputs) => outputs[0].data[0]);
  assert.deepEqual(sums, Array.from({ length: 10 }, (_, i) => 2 * i));
  assert.ok(model.callRows.every((rows) => rows <= 4), `calls: ${model.callRows}`);
  assert.equal(model.callRows.reduce((a, b) => a + b, 0), 10);
});

Deno.test("an aborted tensor request leaves the queue", async () => {
  const model = new RowSumModel();
  model.delayMs = 50;
  const host = new ModelHost(testBundle(64), tensorWrapper(model), {}, {
    batching: { maxWaitMs: 60_000, maxConcurrentCalls: 1 },
  });
  await host.initialize();
  const first = host.infer(rowsOf([1, 2]), []);
  await Promise.resolve();
  const controller = new AbortController();
  const doomed = host.infer(rowsOf([3, 4]), [], controller.signal);
  controller.abort();
  await assert.rejects(doomed, (error: RuntimeError) => error.kind === "cancelled");
  await first;
  assert.deepEqual(model.callRows, [1]);
});

Deno.test("requests of different trailing shapes or a static first dimension are not mixed", async () => {
  const model = new RowSumModel();
  const host = new ModelHost(testBundle(64), tensorWrapper(model));
  await host.initialize();
  const odd: Tensor[] = [{ name: "x", datatype: "FP32", shape: [1, 3], data: new Float32Array(3) }];
  const [good, bad] = await Promise.allSettled([
    host.infer(rowsOf([1, 2]), []),
    host.infer(odd, []).then((outputs) => outputs[0].shape),
  ]);
  assert.equal(good.status, "fulfilled");
  assert.equal(bad.status, "fulfilled", "the odd request ran on its own");
  const fixed = new RowSumModel();
  (fixed.inputs[0] as { shape: number[] }).shape = [1, 2];
  const fixedHost = new ModelHost(testBundle(64), tensorWrapper(fixed));
  await fixedHost.initialize();
  assert.equal(fixedHost.tensorModel, fixed, "a static first dimension is served unbatched");
});
