/**
 * The input of a scaffolded bundle's test case: made up from the model's
 * declared tensors (sample_tensors.ts), or given with `--sample PATH` — an
 * input.json of tensors, or a test-case folder holding one — for a model
 * the made-up sample cannot run (Silero VAD: its audio input must be longer
 * than one sample). When the sample fails to run, the error says which
 * sample it was and, for the made-up one, names `--sample`.
 *
 * @module
 */
import { join } from "node:path";
import { asRuntimeError, badRequest, notFound, type RuntimeError } from "../base/errors.ts";
import { tensorToJson } from "../core/tensor_json.ts";
import { formatShape } from "../core/tensor_checks.ts";
import type { TensorSignature } from "../model/tensors.ts";
import { sampleTensor } from "./sample_tensors.ts";

/** A test case's input file and where it came from. */
export interface SampleInput {
  /** The input.json bytes. */
  readonly bytes: Uint8Array;
  /** The `--sample` path given, or null for the made-up sample. */
  readonly given: string | null;
  /** The made-up tensors in words (`'x' FP32 [1, 3]`), for messages. */
  readonly described: string;
}

/** The input file name of a sample (inside a test-case folder). */
export const SAMPLE_INPUT_FILE = "input.json";

/**
 * The sample input: the file at `path` (or `path/input.json` when `path` is
 * a folder), checked to be JSON holding `{"inputs": [...]}`; else the
 * made-up tensors for `inputs`. A missing file is `not_found`, a malformed
 * one `bad_request`.
 */
export async function sampleInput(
  inputs: readonly TensorSignature[],
  path: string | undefined,
): Promise<SampleInput> {
  const tensors = inputs.map(sampleTensor);
  const described = tensors.map((t) => `'${t.name}' ${t.datatype} ${formatShape(t.shape)}`)
    .join(", ");
  if (path === undefined) {
    const bytes = new TextEncoder().encode(JSON.stringify({
      inputs: tensors.map((tensor) => tensorToJson(tensor, { fp16: true, role: "input" })),
    }));
    return { bytes, given: null, described };
  }
  let file = path;
  let bytes: Uint8Array;
  try {
    if ((await Deno.stat(path)).isDirectory) file = join(path, SAMPLE_INPUT_FILE);
    bytes = await Deno.readFile(file);
  } catch (error) {
    throw notFound(`cannot read the --sample ${file}`, { cause: error });
  }
  let document: { inputs?: unknown };
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw badRequest(`--sample ${file} is not JSON`, { cause: error });
  }
  if (!Array.isArray(document?.inputs)) {
    throw badRequest(
      `--sample ${file} must hold {"inputs": [{"name", "datatype", "shape", "data"}]}`,
    );
  }
  return { bytes, given: file, described };
}

/** The error for a sample the model could not run: which sample, why, and what to do. */
export function sampleFailure(sample: SampleInput, error: unknown): RuntimeError {
  const why = asRuntimeError(error).message;
  if (sample.given !== null) {
    return badRequest(`the model cannot run the --sample ${sample.given}: ${why}`, {
      cause: error,
    });
  }
  return badRequest(
    `the model cannot run the made-up sample inputs (${sample.described}: dynamic ` +
      `dimensions 1, integers 0, floats 0.25-1): ${why}. Pass --sample FILE, an input.json ` +
      `of inputs the model accepts: {"inputs": [{"name", "datatype", "shape", "data"}]}`,
    { cause: error },
  );
}
