/**
 * The tensor codecs on their own: raw bytes, typed contents and JSON, both
 * ways for every datatype, and their refusals naming the tensor.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { tensorFromRaw, tensorToRaw } from "../../../../runtime/protocols/oip/oip_raw.ts";
import {
  tensorFromContents,
  tensorToContents,
} from "../../../../runtime/protocols/oip/oip_contents.ts";
import { tensorFromJson, tensorToJson } from "../../../../runtime/core/tensor_json.ts";
import { DATATYPES } from "../../../../runtime/model/tensor_datatypes.ts";
import type { Datatype } from "../../../../runtime/model/tensors.ts";
import { rawBytes } from "../../../support/oip_wire.ts";

const SAMPLES: Record<Datatype, unknown[]> = {
  BOOL: [true, false],
  UINT8: [0, 255],
  UINT16: [1, 65535],
  UINT32: [2, 4294967295],
  UINT64: [3n, 2n ** 64n - 1n],
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-(2 ** 31), 2 ** 31 - 1],
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
  FP16: [0.5, -2],
  FP32: [1.5, -0.25],
  FP64: [Math.PI, -1e300],
  BYTES: ["", "ünï"],
};

function badRequestNaming(name: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.kind, "bad_request");
    assert.match(error.message, new RegExp(`'${name}'`));
    assert.match(error.message, pattern);
    return true;
  };
}

Deno.test("codecs: every datatype survives raw, typed contents and JSON round trips", () => {
  for (const datatype of DATATYPES) {
    const values = SAMPLES[datatype] as (number | bigint | boolean | string)[];
    const bytes = rawBytes(datatype, values);
    const tensor = tensorFromRaw("t", datatype, [2], bytes);
    assert.deepEqual([...tensorToRaw(tensor)], [...bytes], `${datatype} raw`);
    const json = tensorToJson(tensor, { fp16: true, role: "output" });
    const back = tensorFromJson(json, 0, { fp16: true, role: "input" });
    assert.deepEqual(back, tensor, `${datatype} JSON`);
    if (datatype === "FP16") continue;
    const contents = tensorToContents(tensor);
    assert.deepEqual(tensorFromContents("t", datatype, [2], contents), tensor, `${datatype} typed`);
  }
});

Deno.test("codecs: range, kind and FP16-over-JSON refusals name the tensor", () => {
  assert.throws(
    () => tensorFromContents("q", "INT8", [1], { int_contents: [200] }),
    badRequestNaming("q", /outside the INT8 range/),
  );
  assert.throws(
    () =>
      tensorFromJson({ name: "q", datatype: "UINT8", shape: [1], data: [-1] }, 0, {
        fp16: false,
        role: "input",
      }),
    badRequestNaming("q", /not a UINT8 integer/),
  );
  assert.throws(
    () =>
      tensorFromJson({ name: "h", datatype: "FP16", shape: [1], data: [1] }, 0, {
        fp16: false,
        role: "input",
      }),
    badRequestNaming("h", /FP16 is not offered over JSON/),
  );
  assert.throws(
    () =>
      tensorToJson({ name: "h", datatype: "FP16", shape: [1], data: new Uint16Array(1) }, {
        fp16: false,
        role: "output",
      }),
    badRequestNaming("h", /FP16 is not offered over JSON/),
  );
  const nested = tensorFromJson(
    { name: "n", datatype: "INT64", shape: [2, 2], data: [[1, "9007199254740993"], [3, 4]] },
    0,
    { fp16: false, role: "input" },
  );
  assert.deepEqual([...(nested.data as BigInt64Array)], [1n, 9007199254740993n, 3n, 4n]);
});
