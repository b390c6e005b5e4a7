/**
 * Runs a tabular classifier's ONNX graph (`features` float32 [batch, F] in,
 * `probabilities` float32 [batch, C] out) on a block of rows in one
 * onnxruntime call. Shared by the serving module and the trainer's export
 * check, so both see exactly the same numbers.
 *
 * @module
 */
import { internalError } from "../base/errors.ts";
import { Tensor } from "../backends/onnx/ort.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";

/** Name of the model input holding the feature rows. */
export const FEATURES_INPUT = "features";
/** Name of the model output holding the class probabilities. */
export const PROBABILITIES_OUTPUT = "probabilities";

/**
 * The feeds of one run: `features` float32 [rows, F] (the first
 * `rows * F` values of `input`) and one string tensor [rows] per entry of
 * `texts` (graph input name to strings: a tf-idf column's raw text).
 */
export function modelFeeds(
  input: Float32Array,
  rowCount: number,
  featureCount: number,
  texts: Readonly<Record<string, readonly string[]>> = {},
): Record<string, Tensor> {
  const data = input.length === rowCount * featureCount
    ? input
    : input.subarray(0, rowCount * featureCount);
  const feeds: Record<string, Tensor> = {
    [FEATURES_INPUT]: new Tensor("float32", data, [rowCount, featureCount]),
  };
  for (const [name, values] of Object.entries(texts)) {
    feeds[name] = new Tensor("string", values.slice(0, rowCount), [rowCount]);
  }
  return feeds;
}

/**
 * Runs `session` on `rowCount` rows of `featureCount` float32 values (the
 * first `rowCount * featureCount` values of `input`, row-major), plus the
 * rows' raw strings of any tf-idf column (`texts`, by graph input name), and
 * returns `rowCount * classCount` probabilities, row-major. A model whose
 * output has another type or shape is an `internal` RuntimeError.
 */
export async function runProbabilities(
  session: OnnxSession,
  input: Float32Array,
  rowCount: number,
  featureCount: number,
  classCount: number,
  texts: Readonly<Record<string, readonly string[]>> = {},
): Promise<Float32Array> {
  const feeds = modelFeeds(input, rowCount, featureCount, texts);
  const outputs = await session.run(feeds, [PROBABILITIES_OUTPUT]);
  const output = outputs[PROBABILITIES_OUTPUT];
  const shape = output?.dims.join(", ") ?? "none";
  if (
    output === undefined || output.type !== "float32" || output.dims.length !== 2 ||
    output.dims[0] !== rowCount || output.dims[1] !== classCount
  ) {
    throw internalError(
      `the classifier model returned ${output?.type ?? "no"} '${PROBABILITIES_OUTPUT}' of ` +
        `shape [${shape}]; expected float32 [${rowCount}, ${classCount}]`,
    );
  }
  return output.data as Float32Array;
}
