/**
 * Dynamic batching through the real doors: concurrent single-item Modzy Runs
 * and concurrent one-row OIP ModelInfer calls on a real server reach the
 * model in far fewer backend calls than requests, and each caller still gets
 * its own answer.
 */
import assert from "node:assert/strict";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import type { Tensor, TensorModel } from "../runtime/model/tensors.ts";
import type { InputFiles, ItemResult, ModelWrapper } from "../runtime/model/contract.ts";
import { startOipServer } from "./support/oip_server.ts";
import { fromContents, typedContents } from "./support/oip_wire.ts";
import { testBundle } from "./support/test_bundle.ts";

/** Each backend call takes this long, so requests arriving meanwhile queue up. */
const CALL_MS = 40;
const REQUESTS = 32;

/** A model with both faces that counts its backend calls. */
class CountingModel implements ModelWrapper {
  modzyCalls = 0;
  tensorCalls = 0;
  readonly modzySizes: number[] = [];
  readonly tensorRows: number[] = [];

  initialize(): Promise<void> {
    return Promise.resolve();
  }

  async handleInput(input: InputFiles) {
    this.modzyCalls++;
    this.modzySizes.push(1);
    await sleep(CALL_MS);
    return new Map([["results.json", input.get("input.json")!]]);
  }

  async handleBatch(inputs: readonly InputFiles[]): Promise<ItemResult[]> {
    this.modzyCalls++;
    this.modzySizes.push(inputs.length);
    await sleep(CALL_MS);
    return inputs.map((input) => new Map([["results.json", input.get("input.json")!]]));
  }

  tensorModel(): TensorModel {
    return {
      inputs: [{ name: "x", datatype: "FP32", shape: [-1, 2] }],
      outputs: [{ name: "y", datatype: "FP32", shape: [-1, 2] }],
      infer: async (inputs: readonly Tensor[]): Promise<Tensor[]> => {
        this.tensorCalls++;
        this.tensorRows.push(inputs[0].shape[0]);
        await sleep(CALL_MS);
        const x = inputs[0].data as Float32Array;
        return [{ name: "y", datatype: "FP32", shape: inputs[0].shape, data: x.map((v) => v * 2) }];
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test("32 concurrent Modzy Runs and 32 OIP ModelInfers take far fewer than 64 backend calls", async () => {
  const model = new CountingModel();
  const fixture = await startOipServer([{
    name: "counting",
    wrapper: model,
    bundle: testBundle(64),
  }]);
  const modzy = new ModzyClient(`127.0.0.1:${fixture.server.port}`);
  const encoder = new TextEncoder();
  try {
    // Warm both channels so connection setup does not spread the burst out.
    await modzy.status();
    await fixture.call("ServerReady", {});
    const modzyCallsBefore = model.modzyCalls;
    const tensorCallsBefore = model.tensorCalls;

    const runs = Array.from(
      { length: REQUESTS },
      (_, i) => modzy.run([{ "input.json": encoder.encode(`item-${i}`) }]),
    );
    const infers = Array.from(
      { length: REQUESTS },
      (_, i) =>
        fixture.call<{ outputs: { contents: Record<string, unknown[]> }[] }>("ModelInfer", {
          model_name: "counting",
          inputs: [{
            name: "x",
            datatype: "FP32",
            shape: [1, 2],
            contents: typedContents("FP32", [i, -i]),
          }],
        }),
    );
    const [runAnswers, inferAnswers] = await Promise.all([Promise.all(runs), Promise.all(infers)]);

    runAnswers.forEach((answer, i) => {
      assert.equal(answer.outputs.length, 1);
      assert.equal(new TextDecoder().decode(answer.outputs[0].output["results.json"]), `item-${i}`);
    });
    inferAnswers.forEach((answer, i) => {
      assert.deepEqual(fromContents("FP32", answer.outputs[0].contents), [2 * i, -2 * i]);
    });
    const modzyCalls = model.modzyCalls - modzyCallsBefore;
    const tensorCalls = model.tensorCalls - tensorCallsBefore;
    const detail = `Modzy batch sizes ${model.modzySizes}; tensor rows ${model.tensorRows}`;
    assert.ok(modzyCalls + tensorCalls <= 24, `${modzyCalls + tensorCalls} calls: ${detail}`);
    assert.ok(modzyCalls < REQUESTS / 2, detail);
    assert.ok(tensorCalls < REQUESTS / 2, detail);
    assert.ok(model.modzySizes.some((size) => size > 1), detail);
    assert.ok(model.tensorRows.some((rows) => rows > 1), detail);
  } finally {
    modzy.close();
    await fixture.close();
  }
});
