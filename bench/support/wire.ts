/**
 * Request bodies for the load benchmark: serialized Modzy `RunRequest`s and
 * OIP `ModelInferRequest`s, and the gRPC length-prefixed frame h2load sends
 * as its request body.
 *
 * @module
 */
import { serviceDefinition } from "../../runtime/protocols/wire/proto_loader.ts";
import { MODZY_PROTO, MODZY_SERVICE } from "../../runtime/protocols/modzy/modzy_service.ts";
import { projectPath } from "../../runtime/base/assets.ts";

/** The iris test case every benchmark request carries. */
export const IRIS_INPUT: Uint8Array = Deno.readFileSync(
  projectPath("asset_bundle", "0.1.0", "test_cases", "setosa-line-4", "input.json"),
);

/** The same row as four float32 features, for tensor requests. */
export const IRIS_FEATURES: readonly number[] = [4.7, 3.2, 1.3, 0.2];

/** A gRPC message frame: flag byte, 4-byte big-endian length, message (shared with the tests). */
export { grpcFrame } from "../../tests/support/raw_grpc.ts";

/** A serialized `RunRequest` with `items` copies of the iris input. */
export function runRequestBytes(items: number): Uint8Array {
  const run = serviceDefinition(MODZY_PROTO, MODZY_SERVICE).Run;
  const inputs = Array.from({ length: items }, () => ({ input: { "input.json": IRIS_INPUT } }));
  return new Uint8Array(run.requestSerialize({ inputs, detect_drift: false, explain: false }));
}

/** A serialized `RunResponse` like the real server's answer to one item. */
export function runResponseBytes(result: Uint8Array): Uint8Array {
  const run = serviceDefinition(MODZY_PROTO, MODZY_SERVICE).Run;
  return new Uint8Array(run.responseSerialize({
    status_code: 200,
    status: "OK",
    message: "Inference executed",
    outputs: [{ output: { "results.json": result }, success: true }],
  }));
}

/** What a tensor request needs to know about the model's one input. */
export interface TensorInput {
  /** Model name on the wire. */
  readonly model: string;
  /** Input tensor name. */
  readonly name: string;
  /** OIP datatype, e.g. FP32. */
  readonly datatype: string;
}

/** A serialized OIP `ModelInferRequest` of one iris row, or null without that proto. */
export function modelInferRequestBytes(input: TensorInput): Uint8Array | null {
  let infer;
  try {
    infer = serviceDefinition("grpc_predict_v2.proto", "inference.GRPCInferenceService").ModelInfer;
  } catch {
    return null;
  }
  return new Uint8Array(infer.requestSerialize({
    model_name: input.model,
    inputs: [{
      name: input.name,
      datatype: input.datatype,
      shape: [1, IRIS_FEATURES.length],
      contents: { fp32_contents: IRIS_FEATURES },
    }],
  }));
}
