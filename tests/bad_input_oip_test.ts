/**
 * Bad tensor requests against the embedded iris model through both Open
 * Inference Protocol doors (gRPC and REST): wrong datatypes, shapes, element
 * counts, raw byte counts, names and models, bad JSON bodies. Each gets a
 * clear error naming what is wrong; a valid request is answered after each.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { rawBytes, typedContents } from "./support/oip_wire.ts";

const MODEL = "iris-classifier";
const ROW = [5.1, 3.5, 1.4, 0.2];

type Call = (request: Record<string, unknown>) => Promise<unknown>;
type UnaryCall = (
  request: unknown,
  callback: (error: grpc.ServiceError | null, answer: unknown) => void,
) => void;

function features(datatype: string, shape: number[], values: number[]) {
  return { name: "features", datatype, shape, contents: typedContents(datatype, values) };
}

Deno.test("OIP bad tensors over gRPC and REST: clear errors, then a valid answer", async () => {
  const server = await serveModel({ port: 0, hostname: "127.0.0.1", log: createLogger("silent") });
  const Service = (grpcObject("grpc_predict_v2.proto") as unknown as {
    inference: { GRPCInferenceService: grpc.ServiceClientConstructor };
  }).inference.GRPCInferenceService;
  const client = new Service(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  const modelInfer = (client as unknown as Record<string, UnaryCall>).ModelInfer.bind(client);
  const infer: Call = (request) =>
    new Promise((resolve, reject) =>
      modelInfer(request, (error, answer) => error ? reject(error) : resolve(answer))
    );
  const base = `http://127.0.0.1:${server.http!.port}/v2/models/${MODEL}/infer`;
  const rest = async (body: string | Uint8Array) => {
    const response = await fetch(base, { method: "POST", body: body as BodyInit });
    return { status: response.status, text: await response.text() };
  };
  const valid = () => ({ model_name: MODEL, inputs: [features("FP32", [1, 4], ROW)] });
  const assertServes = async () => {
    const answer = await infer(valid()) as { outputs: { name: string }[] };
    assert.equal(answer.outputs[0].name, "probabilities");
    const ok = await rest(JSON.stringify({
      inputs: [{ name: "features", datatype: "FP32", shape: [1, 4], data: ROW }],
    }));
    assert.equal(ok.status, 200, ok.text);
  };
  try {
    const grpcCases: [Record<string, unknown>, grpc.status, RegExp][] = [
      [
        { model_name: MODEL, inputs: [features("INT32", [1, 4], [1, 2, 3, 4])] },
        grpc.status.INVALID_ARGUMENT,
        /features.*(FP32|datatype)|datatype.*features/i,
      ],
      [
        { model_name: MODEL, inputs: [features("FP32", [1, 5], [1, 2, 3, 4, 5])] },
        grpc.status.INVALID_ARGUMENT,
        /features.*shape|shape.*features/i,
      ],
      [
        { model_name: MODEL, inputs: [features("FP32", [4], ROW)] },
        grpc.status.INVALID_ARGUMENT,
        /features/,
      ],
      [
        { model_name: MODEL, inputs: [features("FP32", [2, 4], ROW)] },
        grpc.status.INVALID_ARGUMENT,
        /features/,
      ],
      [
        { model_name: MODEL, inputs: [features("FP32", [-1, 4], ROW)] },
        grpc.status.INVALID_ARGUMENT,
        /features|shape/,
      ],
      [
        {
          model_name: MODEL,
          inputs: [{
            name: "other",
            datatype: "FP32",
            shape: [1, 4],
            contents: typedContents("FP32", ROW),
          }],
        },
        grpc.status.INVALID_ARGUMENT,
        /other|features/,
      ],
      [{ model_name: MODEL, inputs: [] }, grpc.status.INVALID_ARGUMENT, /features|input/],
      [
        {
          model_name: MODEL,
          inputs: [{ name: "features", datatype: "FP32", shape: [1, 4] }],
          raw_input_contents: [rawBytes("FP32", [1, 2, 3])],
        },
        grpc.status.INVALID_ARGUMENT,
        /features.*bytes|raw/,
      ],
      [
        {
          model_name: MODEL,
          inputs: [{
            name: "features",
            datatype: "NOPE",
            shape: [1, 4],
            contents: typedContents("FP32", ROW),
          }],
        },
        grpc.status.INVALID_ARGUMENT,
        /NOPE|datatype/,
      ],
      [
        { model_name: "no-such-model", inputs: [features("FP32", [1, 4], ROW)] },
        grpc.status.NOT_FOUND,
        /no-such-model/,
      ],
    ];
    for (const [request, code, pattern] of grpcCases) {
      await assert.rejects(infer(request), (error: grpc.ServiceError) => {
        assert.equal(
          error.code,
          code,
          `${JSON.stringify(request).slice(0, 120)}: ${error.details}`,
        );
        assert.match(error.details, pattern);
        return true;
      });
      await assertServes();
    }
    const restCases: [string | Uint8Array, RegExp][] = [
      ["{not json", /JSON/i],
      [new Uint8Array([0xff, 0xfe, 0x7b]), /JSON|UTF-8/i],
      [
        '{"inputs":[{"name":"features","datatype":"FP32","shape":[1,4],"data":[1,2,3,NaN]}]}',
        /JSON/i,
      ],
      [
        '{"inputs":[{"name":"features","datatype":"FP32","shape":[1,4],"data":[1,2,3,1e999]}]}',
        /finite|number|features|range/i,
      ],
      [
        '{"inputs":[{"name":"features","datatype":"FP32","shape":[1,4],"data":[1,2,3]}]}',
        /features/,
      ],
      [
        '{"inputs":[{"name":"features","datatype":"BOOL","shape":[1,4],"data":[true,false,true,false]}]}',
        /features/,
      ],
      ['{"inputs":"features"}', /inputs/],
      ["[]", /object|inputs/i],
      ["", /JSON|empty|body/i],
    ];
    for (const [body, pattern] of restCases) {
      const answer = await rest(body);
      assert.equal(
        answer.status,
        400,
        `${String(body).slice(0, 80)} -> ${answer.status} ${answer.text}`,
      );
      assert.match(JSON.parse(answer.text).error, pattern);
      await assertServes();
    }
  } finally {
    client.close();
    await server.stop();
  }
});
