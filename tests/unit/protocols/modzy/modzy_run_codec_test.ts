import assert from "node:assert/strict";
import fc from "fast-check";
import { Buffer } from "node:buffer";
import { serviceDefinition } from "../../../../runtime/protocols/wire/proto_loader.ts";
import {
  decodeRunRequest,
  encodeRunResponse,
} from "../../../../runtime/protocols/modzy/modzy_run_codec.ts";

const generic = serviceDefinition("model.proto", "ModzyModel").Run;
const bytes = fc.uint8Array({ maxLength: 40 });
const files = fc.dictionary(fc.string({ maxLength: 12, unit: "binary" }), bytes, { maxKeys: 4 });

/** Entries of decoded files with plain byte arrays, comparable across Buffer and Uint8Array. */
function plain(files: Iterable<[string, Uint8Array]>): [string, number[]][] {
  return [...files].map(([name, value]) => [name, [...value]]);
}

Deno.test("Run codec: decodes every RunRequest like the generic codec", () => {
  fc.assert(
    fc.property(
      fc.array(files, { maxLength: 6 }),
      fc.boolean(),
      fc.boolean(),
      (items, detectDrift, explain) => {
        const wire = Buffer.from(generic.requestSerialize({
          inputs: items.map((input) => ({ input })),
          detect_drift: detectDrift,
          explain,
        }));
        const expected = generic.requestDeserialize(wire);
        const actual = decodeRunRequest(wire);
        assert.equal(actual.detect_drift, expected.detect_drift);
        assert.equal(actual.explain, expected.explain);
        assert.deepEqual(
          actual.inputs.map((item) => plain(item)),
          expected.inputs.map((item: { input: Record<string, Uint8Array> }) =>
            plain(Object.entries(item.input))
          ),
        );
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("Run codec: encodes every RunResponse to the generic codec's bytes", () => {
  const item = fc.record({ output: files, success: fc.boolean() });
  fc.assert(
    fc.property(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.string({ unit: "binary" }),
      fc.string({ unit: "grapheme" }),
      fc.array(item, { maxLength: 6 }),
      (code, status, message, outputs) => {
        const response = { status_code: code, status, message, outputs };
        assert.deepEqual(
          [...encodeRunResponse(response)],
          [...generic.responseSerialize(response)],
        );
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("Run codec: unknown fields are skipped; a truncated message throws", () => {
  const wire = generic.requestSerialize({
    inputs: [{ input: { "input.json": new Uint8Array([1]) } }],
  });
  // Field 9 (varint 7) and field 10 (length-delimited "hi") appended: a newer client's fields.
  const extended = new Uint8Array([...wire, 0x48, 0x07, 0x52, 0x02, 0x68, 0x69]);
  const decoded = decodeRunRequest(extended);
  assert.deepEqual(plain(decoded.inputs[0]), [["input.json", [1]]]);
  assert.throws(() => decodeRunRequest(extended.subarray(0, wire.length - 1)));
  assert.deepEqual(decodeRunRequest(new Uint8Array(0)), {
    inputs: [],
    detect_drift: false,
    explain: false,
  });
});

Deno.test("Run codec: texts with lone surrogates are written as protobufjs writes them", () => {
  // protobufjs writes texts under 40 code units with its own UTF-8 writer (a lone surrogate
  // as three bytes) and longer ones through Buffer (as U+FFFD): both sides must agree.
  for (const text of ["a\uD800b", "\uDC00", "x".repeat(45) + "\uD800", "ok \u00e9 \u{1F600}"]) {
    const response = {
      status_code: 200,
      status: text,
      message: text,
      outputs: [{ output: { [text]: new Uint8Array([1, 2]) }, success: true }],
    };
    assert.deepEqual([...encodeRunResponse(response)], [...generic.responseSerialize(response)]);
    const request = Buffer.from(generic.requestSerialize({
      inputs: [{ input: { [text]: new Uint8Array([3]) } }, {
        input: { [text]: new Uint8Array([4]) },
      }],
    }));
    const expected = generic.requestDeserialize(request);
    assert.deepEqual(
      decodeRunRequest(request).inputs.map((item) => plain(item)),
      expected.inputs.map((item: { input: Record<string, Uint8Array> }) =>
        plain(Object.entries(item.input))
      ),
    );
  }
});
