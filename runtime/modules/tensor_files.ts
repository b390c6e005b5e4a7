/**
 * Tensors as files, for models whose Modzy door takes tensors: the input
 * file holds `{"inputs": [tensor...], "outputs"?: ["name"...]}` and the
 * output file `{"outputs": [tensor...]}`, each tensor written as in
 * `core/tensor_json.ts` (FP16 allowed here, as plain numbers). Problems are
 * `bad_request` RuntimeErrors that start with the file name.
 *
 * @module
 */
import { badRequest, RuntimeError } from "../base/errors.ts";
import type { InputFiles } from "../model/contract.ts";
import { tensorFromJson, tensorToJson } from "../core/tensor_json.ts";
import type { Tensor } from "../model/tensors.ts";

/** A tensor request read from an input file. */
export interface TensorFileRequest {
  /** Input tensors. */
  readonly inputs: Tensor[];
  /** Outputs asked for; empty for all. */
  readonly outputs: string[];
}

const utf8Text = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

/** Reads the tensor request in the file `fileName` of `input` (the only file allowed). */
export function readTensorFile(input: InputFiles, fileName: string): TensorFileRequest {
  for (const name of input.keys()) {
    if (name !== fileName) {
      throw badRequest(`unknown input file '${name}'; this model reads only '${fileName}'`);
    }
  }
  const bytes = input.get(fileName);
  if (bytes === undefined) throw badRequest(`missing input file '${fileName}'`);
  let document: unknown;
  try {
    document = JSON.parse(utf8Text.decode(bytes));
  } catch (error) {
    throw badRequest(`${fileName}: not valid UTF-8 JSON`, { cause: error });
  }
  const record = document as Record<string, unknown> | null;
  if (record === null || typeof record !== "object" || !Array.isArray(record.inputs)) {
    throw badRequest(`${fileName}: expected {"inputs": [{"name", "datatype", "shape", "data"}]}`);
  }
  const outputs = record.outputs ?? [];
  if (!Array.isArray(outputs) || !outputs.every((name) => typeof name === "string")) {
    throw badRequest(`${fileName}: "outputs" must be a list of output names`);
  }
  try {
    return {
      inputs: record.inputs.map((tensor, index) =>
        tensorFromJson(tensor, index, { fp16: true, role: "input" })
      ),
      outputs: outputs as string[],
    };
  } catch (error) {
    if (error instanceof RuntimeError) throw badRequest(`${fileName}: ${error.message}`);
    throw error;
  }
}

/** The bytes of an output file holding `outputs`. */
export function tensorFileBytes(outputs: readonly Tensor[]): Uint8Array {
  const document = {
    outputs: outputs.map((tensor) => tensorToJson(tensor, { fp16: true, role: "output" })),
  };
  return utf8.encode(JSON.stringify(document));
}
