/**
 * The onnx-tensor module over the Modzy door: input.json holding tensors in,
 * results.json with output tensors out, on the same server that answers the
 * Open Inference Protocol; bad tensors fail their own item, naming the tensor.
 */
import assert from "node:assert/strict";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { float16Model } from "./fixtures/onnx/models.ts";
import { startOipServer } from "./support/oip_server.ts";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));

Deno.test("onnx-tensor: Modzy Run takes tensor files and answers output tensors", async () => {
  const fixture = await startOipServer([{ name: "fp16", onnx: float16Model() }]);
  const client = new ModzyClient(`127.0.0.1:${fixture.server.port}`);
  try {
    const good = encode({
      inputs: [{ name: "x", datatype: "FP16", shape: [1, 3], data: [[1, 2, 3]] }],
      outputs: ["sum"],
    });
    const badShape = encode({
      inputs: [{ name: "x", datatype: "FP16", shape: [1, 2], data: [1, 2] }],
    });
    const notJson = new TextEncoder().encode("{");
    const answer = await client.run([
      { "input.json": good },
      { "input.json": badShape },
      { "input.json": notJson },
    ]);
    assert.equal(answer.status_code, 200);
    const [first, second, third] = answer.outputs;
    assert.equal(first.success, true);
    assert.deepEqual(decode(first.output["results.json"]), {
      outputs: [{ name: "sum", datatype: "FP16", shape: [1, 3], data: [1.5, 0.75, 1027] }],
    });
    assert.equal(second.success, false);
    assert.match(new TextDecoder().decode(second.output.error), /input 'x': shape \[1, 2\]/);
    assert.equal(third.success, false);
    assert.match(new TextDecoder().decode(third.output.error), /input\.json: not valid/);
  } finally {
    client.close();
    await fixture.close();
  }
});
