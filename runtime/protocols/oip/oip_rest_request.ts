/**
 * Reading an Open Inference Protocol REST inference request: a JSON body, or
 * a body in the binary tensor data extension's form (KServe v2 / Triton) —
 * the JSON inference header of `Inference-Header-Content-Length` bytes, then
 * the binary data of the inputs that carry `"parameters":
 * {"binary_data_size": n}` instead of `data`, in input order (the raw form
 * of `oip_raw.ts`: little-endian elements, BYTES elements each after a
 * 4-byte little-endian length). Requested outputs may ask for binary data
 * (`"binary_data": true`, or `"binary_data_output": true` among the request
 * parameters for every output). Problems are `bad_request` errors saying
 * what is wrong.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { tensorFromJson, tensorHeadFromJson } from "../../core/tensor_json.ts";
import type { InferRequest, Tensor } from "../../model/tensors.ts";
import { tensorFromRaw } from "./oip_raw.ts";

/** The request header giving the byte length of the JSON inference header. */
export const INFERENCE_HEADER_LENGTH = "Inference-Header-Content-Length";

/** Which outputs to answer as binary data. */
export interface BinaryOutputChoice {
  /** Outputs not named in `byName` are binary (request parameter `binary_data_output`). */
  readonly byDefault: boolean;
  /** Outputs whose request entry set `"binary_data"`, and to what. */
  readonly byName: ReadonlyMap<string, boolean>;
}

/** A REST inference request read: the core's request and how to answer its outputs. */
export interface RestInferRequest {
  /** The protocol-free request. */
  readonly request: InferRequest;
  /** The outputs to answer as binary data. */
  readonly binaryOutputs: BinaryOutputChoice;
}

/** The inference header (parsed JSON) and the binary data after it. */
export interface InferBody {
  /** The JSON inference header (the whole body without the extension). */
  readonly header: unknown;
  /** The bytes after the inference header (empty without the extension). */
  readonly binary: Uint8Array;
}

const NO_BYTES = new Uint8Array(0);
const utf8 = new TextDecoder();

/**
 * Splits an inference request body. Without `Inference-Header-Content-Length`
 * the whole body is the JSON header (an `application/octet-stream` body
 * without it is refused); with it, the header must be a byte count no larger
 * than the body.
 */
export async function readInferBody(request: Request): Promise<InferBody> {
  const length = request.headers.get(INFERENCE_HEADER_LENGTH);
  if (length === null) {
    const type = request.headers.get("content-type") ?? "";
    if (/^\s*application\/octet-stream/i.test(type)) {
      throw badRequest(
        `an application/octet-stream inference request needs the ${INFERENCE_HEADER_LENGTH} ` +
          `header: the byte length of the JSON inference header that begins the body`,
      );
    }
    return { header: parseJson(await request.text(), "the request body"), binary: NO_BYTES };
  }
  if (!/^\s*\d{1,15}\s*$/.test(length)) {
    throw badRequest(
      `${INFERENCE_HEADER_LENGTH} must be the byte length of the JSON inference header ` +
        `(a non-negative integer), not ${JSON.stringify(length)}`,
    );
  }
  const headerLength = Number(length);
  const body = new Uint8Array(await request.arrayBuffer());
  if (headerLength > body.byteLength) {
    throw badRequest(
      `${INFERENCE_HEADER_LENGTH} is ${headerLength}, but the body holds only ` +
        `${body.byteLength} bytes`,
    );
  }
  const text = utf8.decode(body.subarray(0, headerLength));
  return {
    header: parseJson(text, `the inference header (the first ${headerLength} bytes of the body)`),
    binary: body.subarray(headerLength),
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Reads a REST inference request: `{"id"?, "parameters"?, "inputs":
 * [tensor...], "outputs"?: [{"name", "parameters"?}...]}`, tensors as in
 * `tensor_json.ts` or, with `"parameters": {"binary_data_size": n}` and no
 * `data`, as the next `n` bytes of `binary`. Every byte of `binary` must
 * belong to an input. The request parameter `binary_data_output` is the
 * door's own and is not passed on to the model.
 */
export function inferRequestFromRest(
  header: unknown,
  binary: Uint8Array = NO_BYTES,
): RestInferRequest {
  if (!isObject(header)) {
    throw badRequest("the request body must be a JSON object with an 'inputs' list");
  }
  if (!Array.isArray(header.inputs)) throw badRequest("'inputs' must be a list of tensors");
  if (header.id !== undefined && typeof header.id !== "string") {
    throw badRequest("'id' must be a string");
  }
  const parameters = header.parameters;
  if (parameters !== undefined && !isObject(parameters)) {
    throw badRequest("'parameters' must be a JSON object");
  }
  const { binary_data_output: byDefault = false, ...modelParameters } = parameters ?? {};
  if (typeof byDefault !== "boolean") {
    throw badRequest("parameters.binary_data_output must be true or false");
  }
  const outputs = header.outputs ?? [];
  if (!Array.isArray(outputs)) throw badRequest("'outputs' must be a list of {\"name\": ...}");
  const byName = new Map<string, boolean>();
  const outputNames = outputs.map((output, index) => {
    const name = isObject(output) ? output.name : undefined;
    if (typeof name !== "string") throw badRequest(`outputs[${index}].name must be a string`);
    const wanted = tensorParameter(output as Record<string, unknown>, `output '${name}'`)
      ?.binary_data;
    if (wanted !== undefined) {
      if (typeof wanted !== "boolean") {
        throw badRequest(`output '${name}': parameters.binary_data must be true or false`);
      }
      byName.set(name, wanted);
    }
    return name;
  });
  let offset = 0;
  const inputs = header.inputs.map((input, index): Tensor => {
    const size = binaryDataSize(input, index);
    if (size === undefined) return tensorFromJson(input, index, { fp16: false, role: "input" });
    const { name, datatype, shape } = tensorHeadFromJson(input, index, "input");
    if ((input as Record<string, unknown>).data !== undefined) {
      throw badRequest(
        `input '${name}': give either data or parameters.binary_data_size, not both`,
      );
    }
    const remaining = binary.byteLength - offset;
    if (size > remaining) {
      throw badRequest(
        `input '${name}': binary_data_size is ${size}, but only ${remaining} bytes of binary ` +
          `data remain after the inference header and the inputs before it` +
          (binary.byteLength === 0
            ? ` (binary data follows a JSON header of ${INFERENCE_HEADER_LENGTH} bytes)`
            : ""),
      );
    }
    const tensor = tensorFromRaw(
      name,
      datatype,
      shape,
      binary.subarray(offset, offset + size),
      "binary data",
    );
    offset += size;
    return tensor;
  });
  if (offset !== binary.byteLength) {
    throw badRequest(
      `the body holds ${binary.byteLength - offset} bytes after the inference header that no ` +
        `input claims: the inputs' binary_data_size values must add up to the bytes after the ` +
        `header (${binary.byteLength})`,
    );
  }
  return {
    request: {
      id: header.id as string | undefined,
      inputs,
      outputs: outputNames,
      parameters: parameters === undefined ? undefined : modelParameters,
    },
    binaryOutputs: { byDefault, byName },
  };
}

/** A tensor entry's `parameters` object (undefined when absent). */
function tensorParameter(
  entry: Record<string, unknown>,
  label: string,
): Record<string, unknown> | undefined {
  const parameters = entry.parameters;
  if (parameters === undefined) return undefined;
  if (!isObject(parameters)) throw badRequest(`${label}: parameters must be a JSON object`);
  return parameters;
}

/** An input's `binary_data_size` (undefined when it has none). */
function binaryDataSize(input: unknown, index: number): number | undefined {
  if (!isObject(input)) return undefined;
  const label = typeof input.name === "string" ? `input '${input.name}'` : `inputs[${index}]`;
  const size = tensorParameter(input, label)?.binary_data_size;
  if (size === undefined) return undefined;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw badRequest(
      `${label}: parameters.binary_data_size must be a byte count (a non-negative integer), ` +
        `not ${JSON.stringify(size)}`,
    );
  }
  return size;
}
