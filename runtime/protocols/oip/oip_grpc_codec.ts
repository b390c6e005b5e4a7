/**
 * Translation between the Open Inference Protocol's gRPC messages
 * (`ModelInferRequest` / `ModelInferResponse`, as @grpc/proto-loader presents
 * them) and the core's protocol-free {@link InferRequest} /
 * {@link InferResponse}. The answer takes the form the request used: raw
 * contents for a raw request, typed contents otherwise — except that a
 * response holding an FP16 output is all raw, as the specification allows
 * FP16 only there.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { isDatatype } from "../../model/tensor_datatypes.ts";
import type { InferRequest, InferResponse, Tensor } from "../../model/tensors.ts";
import {
  hasContents,
  type TensorContentsMessage,
  tensorFromContents,
  tensorToContents,
} from "./oip_contents.ts";
import { tensorFromRaw, tensorToRaw } from "./oip_raw.ts";

/** `InferParameter` as loaded (with the `parameter_choice` oneof name). */
export interface InferParameterMessage {
  /** Which member is set. */
  parameter_choice?: "bool_param" | "int64_param" | "string_param";
  /** Boolean value. */
  bool_param?: boolean;
  /** 64-bit integer value (a decimal string when loaded). */
  int64_param?: string | number;
  /** String value. */
  string_param?: string;
}

/** One input tensor of a `ModelInferRequest`. */
export interface InferInputTensorMessage {
  /** Tensor name. */
  name: string;
  /** Datatype name. */
  datatype: string;
  /** Dimensions (64-bit integers as strings when loaded). */
  shape: (string | number)[];
  /** Tensor parameters. */
  parameters?: Record<string, InferParameterMessage>;
  /** Typed contents, empty when raw contents are used. */
  contents?: TensorContentsMessage | null;
}

/** A `ModelInferRequest` as loaded. */
export interface ModelInferRequestMessage {
  /** Model name. */
  model_name: string;
  /** Model version ("" for the served one). */
  model_version: string;
  /** Request id, echoed. */
  id: string;
  /** Request parameters. */
  parameters?: Record<string, InferParameterMessage>;
  /** Input tensors. */
  inputs: InferInputTensorMessage[];
  /** Requested outputs. */
  outputs: { name: string; parameters?: Record<string, InferParameterMessage> }[];
  /** Raw input bytes, one per input, when the raw form is used. */
  raw_input_contents: Uint8Array[];
}

/** One output tensor of a `ModelInferResponse`. */
export interface InferOutputTensorMessage {
  /** Tensor name. */
  name: string;
  /** Datatype name. */
  datatype: string;
  /** Dimensions. */
  shape: number[];
  /** Typed contents, absent in a raw response. */
  contents?: TensorContentsMessage;
}

/** A `ModelInferResponse` to send. */
export interface ModelInferResponseMessage {
  /** Model that answered. */
  model_name: string;
  /** Its version. */
  model_version: string;
  /** The request id ("" when none). */
  id: string;
  /** Output tensors. */
  outputs: InferOutputTensorMessage[];
  /** Raw output bytes, one per output, in a raw response. */
  raw_output_contents: Uint8Array[];
}

/** A decoded request and the wire form its answer should take. */
export interface DecodedInferRequest {
  /** The protocol-free request. */
  readonly request: InferRequest;
  /** The request used raw contents. */
  readonly raw: boolean;
}

/** Converts loaded `InferParameter`s to plain values (int64 as a number when exact). */
export function parametersFromMessage(
  parameters: Record<string, InferParameterMessage> | undefined,
): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, parameter] of Object.entries(parameters ?? {})) {
    const choice = parameter.parameter_choice;
    if (choice === "bool_param") plain[key] = parameter.bool_param ?? false;
    else if (choice === "string_param") plain[key] = parameter.string_param ?? "";
    else if (choice === "int64_param") {
      const value = Number(parameter.int64_param ?? 0);
      plain[key] = Number.isSafeInteger(value) ? value : String(parameter.int64_param);
    }
  }
  return plain;
}

/**
 * Decodes a `ModelInferRequest`. Raw contents must come one per input and
 * exclude typed contents; unknown datatypes, FP16 in typed form and raw byte
 * counts that do not fit are `bad_request` errors naming the tensor.
 */
export function inferRequestFromMessage(message: ModelInferRequestMessage): DecodedInferRequest {
  const raw = message.raw_input_contents ?? [];
  const useRaw = raw.length > 0;
  if (useRaw && raw.length !== message.inputs.length) {
    throw badRequest(
      `raw_input_contents holds ${raw.length} entries for ${message.inputs.length} inputs; ` +
        `send one per input, in input order`,
    );
  }
  const inputs: Tensor[] = message.inputs.map((input, index) => {
    if (!isDatatype(input.datatype)) {
      throw badRequest(`input '${input.name}': unknown datatype '${input.datatype}'`);
    }
    const shape = input.shape.map((dim) => Number(dim));
    if (!useRaw) return tensorFromContents(input.name, input.datatype, shape, input.contents);
    if (hasContents(input.contents)) {
      throw badRequest(
        `input '${input.name}': typed contents and raw_input_contents cannot be mixed`,
      );
    }
    return tensorFromRaw(input.name, input.datatype, shape, raw[index]);
  });
  const request: InferRequest = {
    id: message.id || undefined,
    inputs,
    outputs: message.outputs.map((output) => output.name),
    parameters: parametersFromMessage(message.parameters),
  };
  return { request, raw: useRaw };
}

/** Encodes `response` raw when `raw` (or when an output is FP16), else in typed contents. */
export function inferResponseToMessage(
  response: InferResponse,
  raw: boolean,
): ModelInferResponseMessage {
  const useRaw = raw || response.outputs.some((output) => output.datatype === "FP16");
  return {
    model_name: response.modelName,
    model_version: response.modelVersion,
    id: response.id ?? "",
    outputs: response.outputs.map((output) => ({
      name: output.name,
      datatype: output.datatype,
      shape: [...output.shape],
      ...(useRaw ? {} : { contents: tensorToContents(output) }),
    })),
    raw_output_contents: useRaw ? response.outputs.map(tensorToRaw) : [],
  };
}
