/**
 * Writing an Open Inference Protocol REST inference answer: JSON tensors, or
 * — for outputs the request asked for as binary data — the binary tensor
 * data extension's form: each such output in the JSON with `"parameters":
 * {"binary_data_size": n}` and no `data`, its raw bytes (`oip_raw.ts`) after
 * the JSON in output order, and the JSON's byte length in the
 * `Inference-Header-Content-Length` response header.
 *
 * @module
 */
import { tensorToJson } from "../../core/tensor_json.ts";
import type { InferResponse } from "../../model/tensors.ts";
import { jsonResponse } from "../wire/http_status.ts";
import { tensorToRaw } from "./oip_raw.ts";
import { type BinaryOutputChoice, INFERENCE_HEADER_LENGTH } from "./oip_rest_request.ts";

const JSON_ONLY: BinaryOutputChoice = { byDefault: false, byName: new Map() };
const utf8 = new TextEncoder();

/** The JSON answer and the binary data of its binary outputs, in output order. */
export interface RestInferAnswer {
  /** The JSON body (or inference header). */
  readonly json: Record<string, unknown>;
  /** Raw bytes of the binary outputs (empty: a plain JSON answer). */
  readonly binary: readonly Uint8Array[];
}

/**
 * The REST form of `response`: outputs chosen by `binaryOutputs` as binary
 * data, the others as JSON tensors (FP16 only as binary data).
 */
export function inferResponseToRest(
  response: InferResponse,
  binaryOutputs: BinaryOutputChoice = JSON_ONLY,
): RestInferAnswer {
  const binary: Uint8Array[] = [];
  const outputs = response.outputs.map((output) => {
    if (!(binaryOutputs.byName.get(output.name) ?? binaryOutputs.byDefault)) {
      return tensorToJson(output, { fp16: false, role: "output" });
    }
    const bytes = tensorToRaw(output);
    binary.push(bytes);
    return {
      name: output.name,
      datatype: output.datatype,
      shape: [...output.shape],
      parameters: { binary_data_size: bytes.byteLength },
    };
  });
  const json = {
    model_name: response.modelName,
    model_version: response.modelVersion,
    ...(response.id === undefined ? {} : { id: response.id }),
    outputs,
  };
  return { json, binary };
}

/**
 * The HTTP response of `answer`: JSON when no output is binary, else the
 * JSON inference header and the binary data as `application/octet-stream`
 * with `Inference-Header-Content-Length`.
 */
export function restInferResponse(answer: RestInferAnswer): Response {
  if (answer.binary.length === 0) return jsonResponse(answer.json);
  const header = utf8.encode(JSON.stringify(answer.json));
  const total = answer.binary.reduce((sum, bytes) => sum + bytes.byteLength, header.byteLength);
  const body = new Uint8Array(total);
  body.set(header);
  let offset = header.byteLength;
  for (const bytes of answer.binary) {
    body.set(bytes, offset);
    offset += bytes.byteLength;
  }
  return new Response(body, {
    headers: {
      "content-type": "application/octet-stream",
      [INFERENCE_HEADER_LENGTH]: String(header.byteLength),
    },
  });
}
