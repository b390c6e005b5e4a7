/**
 * The REST door's answer writing with the binary tensor data extension:
 * outputs chosen as binary data written raw after the JSON header, with their
 * `binary_data_size` and the header's length in
 * `Inference-Header-Content-Length`; the others as JSON tensors.
 */
import assert from "node:assert/strict";
import {
  inferResponseToRest,
  restInferResponse,
} from "../../../../runtime/protocols/oip/oip_rest_response.ts";
import { rawBytes } from "../../../support/oip_wire.ts";

const bytes = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
};

Deno.test("REST binary: chosen outputs are written raw after the JSON header", async () => {
  const answer = inferResponseToRest(
    {
      modelName: "m",
      modelVersion: "1",
      outputs: [
        { name: "p", datatype: "FP32", shape: [2], data: Float32Array.of(0.25, 0.75) },
        { name: "h", datatype: "FP16", shape: [1], data: Uint16Array.of(0x3c00) },
        { name: "s", datatype: "BYTES", shape: [1], data: [new TextEncoder().encode("x")] },
      ],
    },
    { byDefault: true, byName: new Map([["s", false]]) },
  );
  const response = restInferResponse(answer);
  const body = new Uint8Array(await response.arrayBuffer());
  const length = Number(response.headers.get("inference-header-content-length"));
  assert.equal(response.headers.get("content-type"), "application/octet-stream");
  assert.deepEqual(JSON.parse(new TextDecoder().decode(body.subarray(0, length))), {
    model_name: "m",
    model_version: "1",
    outputs: [
      { name: "p", datatype: "FP32", shape: [2], parameters: { binary_data_size: 8 } },
      { name: "h", datatype: "FP16", shape: [1], parameters: { binary_data_size: 2 } },
      { name: "s", datatype: "BYTES", shape: [1], data: ["x"] },
    ],
  });
  assert.deepEqual(
    body.subarray(length),
    bytes(rawBytes("FP32", [0.25, 0.75]), rawBytes("FP16", [1])),
  );
});
