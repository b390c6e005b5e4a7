/**
 * The wire codec of `inference.GRPCInferenceService/ModelInfer`, the OIP
 * door's hot method: requests are read by {@link decodeModelInferRequest}
 * (oip_infer_request_decoder.ts) and responses written by
 * {@link encodeModelInferResponse} (oip_infer_response_encoder.ts), each
 * falling back to the generic codec for rare or irregular messages, so every
 * outcome stays the generic one. Every other method of the service keeps the
 * generic codec.
 *
 * @module
 */
import type { Buffer } from "node:buffer";
import type * as grpc from "@grpc/grpc-js";
import { decodeModelInferRequest } from "./oip_infer_request_decoder.ts";
import { encodeModelInferResponse, type InferAnswer } from "./oip_infer_response_encoder.ts";
import { serviceDefinition } from "../wire/proto_loader.ts";

/**
 * `generic` (the `inference.GRPCInferenceService` definition) with the
 * ModelInfer codec in place of the generic one: its handler takes the
 * loaded request object and answers an {@link InferAnswer}. Every other
 * method keeps the generic codec.
 */
export function withInferCodec(generic: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const method = generic.ModelInfer;
  const deserialize = method.requestDeserialize as (bytes: Buffer) => object;
  const serialize = method.responseSerialize as (message: object) => Buffer;
  return {
    ...generic,
    ModelInfer: {
      ...method,
      requestDeserialize: (bytes: Buffer) => decodeModelInferRequest(bytes, deserialize),
      responseSerialize: (answer: InferAnswer) => encodeModelInferResponse(answer, serialize),
    },
  };
}

let served: grpc.ServiceDefinition | undefined;

/**
 * The `inference.GRPCInferenceService` definition to serve: the compiled
 * proto's, with ModelInfer's codec ({@link withInferCodec}). Built once, so
 * the server's stand-in for the deferred OIP service (runtime/server.ts) and
 * the door mounted later (oip_grpc_service.ts) can share one object — both
 * must use it for the codec to be on the wire, and the door's ModelInfer
 * handler must then answer an {@link InferAnswer}.
 */
export function oipServiceDefinition(): grpc.ServiceDefinition {
  return served ??= withInferCodec(
    serviceDefinition("grpc_predict_v2.proto", "inference.GRPCInferenceService"),
  );
}
