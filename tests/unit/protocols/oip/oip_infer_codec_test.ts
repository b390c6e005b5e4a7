import assert from "node:assert/strict";
import fc from "fast-check";
import { Buffer } from "node:buffer";
import protobuf from "protobufjs";
import { serviceDefinition } from "../../../../runtime/protocols/wire/proto_loader.ts";
import { decodeModelInferRequest } from "../../../../runtime/protocols/oip/oip_infer_request_decoder.ts";
import { encodeModelInferResponse } from "../../../../runtime/protocols/oip/oip_infer_response_encoder.ts";
import { withInferCodec } from "../../../../runtime/protocols/oip/oip_infer_codec.ts";
import {
  inferRequestFromMessage,
  inferResponseToMessage,
  type ModelInferRequestMessage,
} from "../../../../runtime/protocols/oip/oip_grpc_codec.ts";
import { DATATYPES } from "../../../../runtime/model/tensor_datatypes.ts";
import type {
  Datatype,
  InferResponse,
  Tensor,
  TensorData,
} from "../../../../runtime/model/tensors.ts";

const definition = serviceDefinition("grpc_predict_v2.proto", "inference.GRPCInferenceService");
const generic = definition.ModelInfer;
const genericDeserialize = generic.requestDeserialize as (bytes: Buffer) => object;
const genericSerialize = generic.responseSerialize as (message: object) => Buffer;

const text = fc.string({ maxLength: 12, unit: "binary" });
const datatype = fc.oneof(fc.constantFrom(...DATATYPES), text);
const int64Text = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const uint64Text = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const dim = fc.oneof(
  fc.integer({ min: 0, max: 16 }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
  int64Text,
);
const few = { maxLength: 6 };
const contents = fc.record({
  bool_contents: fc.array(fc.boolean(), few),
  int_contents: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), few),
  int64_contents: fc.array(int64Text, few),
  uint_contents: fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), few),
  uint64_contents: fc.array(uint64Text, few),
  fp32_contents: fc.array(fc.float(), few),
  fp64_contents: fc.array(fc.double(), few),
  bytes_contents: fc.array(fc.uint8Array({ maxLength: 8 }), few),
}, { requiredKeys: [] });
const parameter = fc.oneof(
  fc.record({ bool_param: fc.boolean() }),
  fc.record({ int64_param: int64Text }),
  fc.record({ string_param: text }),
);
const parameters = fc.dictionary(text, parameter, { maxKeys: 2 });
const input = fc.record({
  name: text,
  datatype,
  shape: fc.array(dim, few),
  parameters,
  contents,
}, { requiredKeys: ["name", "datatype", "shape"] });
const request = fc.record({
  model_name: text,
  model_version: text,
  id: text,
  parameters,
  inputs: fc.array(input, { maxLength: 4 }),
  outputs: fc.array(fc.record({ name: text, parameters }, { requiredKeys: ["name"] }), few),
  raw_input_contents: fc.array(fc.uint8Array({ maxLength: 24 }), { maxLength: 4 }),
}, { requiredKeys: [] });

/** A generic deserializer that must not be called: the fast reader handles the message alone. */
function notCalled(): never {
  throw new Error("the fast reader fell back to the generic deserializer");
}

/** True when the message has `parameters` anywhere (the reader leaves those to the generic one). */
function hasParameters(message: {
  parameters?: object;
  inputs?: { parameters?: object }[];
  outputs?: { parameters?: object }[];
}): boolean {
  const some = (parameters?: object) =>
    parameters !== undefined && Object.keys(parameters).length > 0;
  return some(message.parameters) || (message.inputs ?? []).some((i) => some(i.parameters)) ||
    (message.outputs ?? []).some((o) => some(o.parameters));
}

/** The outcome of the door's translation: the tensors, or the error's kind and message. */
function translated(message: object): unknown {
  try {
    return inferRequestFromMessage(message as ModelInferRequestMessage);
  } catch (error) {
    return { error: String(error), kind: (error as { kind?: string }).kind };
  }
}

Deno.test("ModelInfer codec: decodes every ModelInferRequest like the generic codec", () => {
  fc.assert(
    fc.property(request, (message) => {
      const wire = Buffer.from(generic.requestSerialize(message));
      const expected = genericDeserialize(wire);
      const actual = decodeModelInferRequest(
        wire,
        hasParameters(message) ? genericDeserialize : notCalled,
      );
      assert.deepEqual(actual, expected);
      assert.deepEqual(translated(actual), translated(expected));
    }),
    { numRuns: 1000 },
  );
});

Deno.test("ModelInfer codec: valid-looking requests give the same tensors and errors", () => {
  const typed = fc.constantFrom(...DATATYPES).chain((type) =>
    fc.record({
      name: text,
      datatype: fc.constant(type),
      shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      contents,
    })
  );
  fc.assert(
    fc.property(
      fc.array(typed, { maxLength: 3 }),
      fc.array(fc.uint8Array({ maxLength: 24 }), { maxLength: 3 }),
      fc.array(text, { maxLength: 3 }),
      (inputs, raw, outputs) => {
        const wire = Buffer.from(generic.requestSerialize({
          model_name: "m",
          inputs,
          raw_input_contents: raw,
          outputs: outputs.map((name) => ({ name })),
        }));
        assert.deepEqual(
          translated(decodeModelInferRequest(wire, notCalled)),
          translated(genericDeserialize(wire)),
        );
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("ModelInfer codec: unpacked repeated fields and unknown fields decode like the generic codec", () => {
  const contentsBytes = new protobuf.Writer()
    .uint32(53).float(1.5).uint32(53).float(-2) // fp32_contents, unpacked
    .uint32(24).int64(-7) // int64_contents, unpacked
    .uint32(40).uint64("18446744073709551615") // uint64_contents, unpacked
    .finish();
  const tensorBytes = new protobuf.Writer()
    .uint32(10).string("x").uint32(18).string("FP32")
    .uint32(24).int64(3).uint32(24).int64("9007199254740993") // shape, unpacked
    .uint32(42).bytes(contentsBytes)
    .finish();
  const plain = new protobuf.Writer().uint32(10).string("m").uint32(42).bytes(tensorBytes);
  const unpacked = Buffer.from(plain.finish());
  assert.deepEqual(
    decodeModelInferRequest(unpacked, notCalled),
    genericDeserialize(unpacked),
  );
  const cases = [
    // A newer client's field 9 (varint) and 10 (bytes): the generic codec skips them.
    new protobuf.Writer().uint32(42).bytes(tensorBytes).uint32(72).uint32(7).uint32(82)
      .string("hi").finish(),
    // model_name sent as a varint: the generic codec misreads it; the answer must match.
    new protobuf.Writer().uint32(8).uint32(1).uint32(0).finish(),
  ];
  for (const bytes of cases) {
    const wire = Buffer.from(bytes);
    let expected: unknown;
    try {
      expected = genericDeserialize(wire);
    } catch (error) {
      expected = { threw: String(error) };
    }
    let actual: unknown;
    try {
      actual = decodeModelInferRequest(wire, genericDeserialize);
    } catch (error) {
      actual = { threw: String(error) };
    }
    assert.deepEqual(actual, expected);
  }
});

Deno.test("ModelInfer codec: malformed bytes throw as the generic codec does", () => {
  fc.assert(
    fc.property(
      request,
      fc.nat(),
      fc.uint8Array({ maxLength: 12 }),
      (message, cut, noise) => {
        const whole = generic.requestSerialize(message);
        const wire = Buffer.from([...whole.subarray(0, cut % (whole.length + 1)), ...noise]);
        let expected: unknown;
        try {
          expected = genericDeserialize(wire);
        } catch (error) {
          assert.throws(() => decodeModelInferRequest(wire, genericDeserialize), {
            message: (error as Error).message,
          });
          return;
        }
        assert.deepEqual(decodeModelInferRequest(wire, genericDeserialize), expected);
      },
    ),
    { numRuns: 1000 },
  );
  assert.throws(() => decodeModelInferRequest(Buffer.from([42, 5, 10]), genericDeserialize));
});

/** A tensor of `datatype` with random data of its storage type. */
function tensorOf(type: Datatype): fc.Arbitrary<Tensor> {
  const data: Record<Datatype, fc.Arbitrary<TensorData>> = {
    BOOL: fc.uint8Array({ maxLength: 8 }),
    UINT8: fc.uint8Array({ maxLength: 8 }),
    UINT16: fc.uint16Array({ maxLength: 8 }),
    UINT32: fc.uint32Array({ maxLength: 8 }),
    UINT64: fc.bigUint64Array({ maxLength: 8 }),
    INT8: fc.int8Array({ maxLength: 8 }),
    INT16: fc.int16Array({ maxLength: 8 }),
    INT32: fc.int32Array({ maxLength: 8 }),
    INT64: fc.bigInt64Array({ maxLength: 8 }),
    FP16: fc.uint16Array({ maxLength: 8 }),
    FP32: fc.float32Array({ maxLength: 8 }),
    FP64: fc.float64Array({ maxLength: 8 }),
    BYTES: fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }),
  };
  return fc.record({
    name: fc.string({ maxLength: 50, unit: "binary" }),
    datatype: fc.constant(type),
    shape: fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      ),
      { maxLength: 4 },
    ),
    data: data[type],
  });
}

const response: fc.Arbitrary<InferResponse> = fc.record({
  modelName: fc.string({ maxLength: 60, unit: "binary" }),
  modelVersion: text,
  id: fc.option(fc.string({ maxLength: 45, unit: "binary" }), { nil: undefined }),
  outputs: fc.array(fc.constantFrom(...DATATYPES).chain(tensorOf), { maxLength: 4 }),
}, { requiredKeys: ["modelName", "modelVersion", "outputs"] });

Deno.test("ModelInfer codec: encodes every ModelInferResponse to the generic codec's bytes", () => {
  fc.assert(
    fc.property(response, fc.boolean(), (answer, raw) => {
      const expected = genericSerialize(inferResponseToMessage(answer, raw));
      const actual = encodeModelInferResponse({ response: answer, raw }, genericSerialize);
      assert.ok(Buffer.isBuffer(actual));
      assert.deepEqual([...actual], [...expected]);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("ModelInfer codec: lone surrogates and odd shapes are written as the generic codec writes them", () => {
  const lone = "a\ud800b";
  const long = "x".repeat(45) + "\udc00";
  for (const shape of [[2], [-1, 2], [1.5], [2 ** 60]]) {
    const answer: InferResponse = {
      modelName: lone,
      modelVersion: long,
      id: "\ud83d",
      outputs: [{ name: lone, datatype: "FP32", shape, data: new Float32Array([NaN, -0, 1e-45]) }],
    };
    for (const raw of [false, true]) {
      assert.deepEqual(
        [...encodeModelInferResponse({ response: answer, raw }, genericSerialize)],
        [...genericSerialize(inferResponseToMessage(answer, raw))],
      );
    }
  }
});

Deno.test("ModelInfer codec: only ModelInfer's serializers change in the served definition", () => {
  const served = withInferCodec(definition);
  for (const name of Object.keys(definition)) {
    if (name === "ModelInfer") continue;
    assert.equal(served[name], definition[name]);
  }
  assert.equal(served.ModelInfer.path, generic.path);
  assert.equal(served.ModelInfer.requestSerialize, generic.requestSerialize);
  assert.equal(served.ModelInfer.responseDeserialize, generic.responseDeserialize);
  assert.notEqual(served.ModelInfer.requestDeserialize, generic.requestDeserialize);
});

Deno.test("ModelInfer codec: names repeated or changed between requests decode afresh", () => {
  const names = ["ab", "ac", "ab", "", "\ufffd", "ab"];
  const invalid = Buffer.from([0x0a, 0x02, 0xc3, 0x28]); // model_name: invalid UTF-8
  for (const name of names) {
    const wire = Buffer.from(generic.requestSerialize({
      model_name: name,
      model_version: name,
      inputs: [{ name, datatype: name, shape: [1] }],
      outputs: [{ name }],
    }));
    assert.deepEqual(decodeModelInferRequest(wire, notCalled), genericDeserialize(wire));
    assert.deepEqual(decodeModelInferRequest(invalid, notCalled), genericDeserialize(invalid));
  }
});
