/**
 * The REST door's request reading with the binary tensor data extension:
 * inputs with `binary_data_size` read from the bytes after the JSON header in
 * input order (mixed with JSON inputs, FP16 and BYTES included), the door's
 * own `binary_data_output` kept from the model, FP16 in JSON refused with the
 * way to send it.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { inferRequestFromRest } from "../../../../runtime/protocols/oip/oip_rest_request.ts";
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

Deno.test("REST binary: inputs read from the bytes after the header, in input order", () => {
  const half = rawBytes("FP16", [1.5, -2]);
  const words = rawBytes("BYTES", ["ab", ""]);
  const { request, binaryOutputs } = inferRequestFromRest({
    id: "r",
    parameters: { binary_data_output: true, note: "kept" },
    inputs: [
      { name: "h", datatype: "FP16", shape: [2], parameters: { binary_data_size: 4 } },
      { name: "j", datatype: "INT64", shape: [1], data: ["9007199254740993"] },
      { name: "w", datatype: "BYTES", shape: [2], parameters: { binary_data_size: 10 } },
    ],
    outputs: [{ name: "a", parameters: { binary_data: false } }, { name: "b" }],
  }, bytes(half, words));
  assert.equal(request.id, "r");
  assert.deepEqual(request.parameters, { note: "kept" });
  assert.deepEqual(request.outputs, ["a", "b"]);
  assert.deepEqual(binaryOutputs, { byDefault: true, byName: new Map([["a", false]]) });
  const [h, j, w] = request.inputs;
  assert.deepEqual([...(h.data as Uint16Array)], [0x3e00, 0xc000]);
  assert.deepEqual([...(j.data as BigInt64Array)], [9007199254740993n]);
  assert.deepEqual(
    (w.data as Uint8Array[]).map((element) => new TextDecoder().decode(element)),
    ["ab", ""],
  );
  assert.throws(
    () =>
      inferRequestFromRest({
        inputs: [{ name: "h", datatype: "FP16", shape: [2], data: [1, 2] }],
      }),
    (error: unknown) =>
      error instanceof RuntimeError && error.kind === "bad_request" &&
      /FP16 is not offered over JSON.*binary_data_size/.test(error.message),
  );
});
