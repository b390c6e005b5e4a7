/**
 * Runs a tabular regressor's ONNX graph (`features` float32 [batch, F] in,
 * `prediction` float32 [batch, 1] out) on a block of rows in one
 * onnxruntime call, and writes a prediction as the `results.json` document
 * `{"data":{"result":{"prediction":151.2},"explanation":null,"drift":null}}`.
 * Shared by the serving module, offline scoring and the trainer (export
 * check and test cases), so all of them see and write the same numbers.
 *
 * @module
 */
import { internalError } from "../base/errors.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import { encodeText } from "../model/text_bytes.ts";
import { modelFeeds } from "./probability_model.ts";

/** Name of the model output holding one predicted value per row. */
export const PREDICTION_OUTPUT = "prediction";

/**
 * Runs `session` on `rowCount` rows of `featureCount` float32 values (the
 * first `rowCount * featureCount` values of `input`, row-major), plus the
 * raw strings of any tf-idf column (`texts`, by graph input name), and
 * returns the `rowCount` predictions. A model whose output has another type
 * or shape is an `internal` RuntimeError.
 */
export async function runPredictions(
  session: OnnxSession,
  input: Float32Array,
  rowCount: number,
  featureCount: number,
  texts: Readonly<Record<string, readonly string[]>> = {},
): Promise<Float32Array> {
  const feeds = modelFeeds(input, rowCount, featureCount, texts);
  const outputs = await session.run(feeds, [PREDICTION_OUTPUT]);
  const output = outputs[PREDICTION_OUTPUT];
  if (
    output === undefined || output.type !== "float32" || output.dims.length !== 2 ||
    output.dims[0] !== rowCount || output.dims[1] !== 1
  ) {
    throw internalError(
      `the regression model returned ${output?.type ?? "no"} '${PREDICTION_OUTPUT}' of shape ` +
        `[${output?.dims.join(", ") ?? "none"}]; expected float32 [${rowCount}, 1]`,
    );
  }
  return output.data as Float32Array;
}

/**
 * The shortest decimal that reads back as the same float32 (what numpy
 * prints for a float32), so a prediction is written without digits the
 * model never computed; NaN and infinities come back unchanged.
 *
 * @example
 * ```ts
 * import { shortestFloat32 } from "./regression_model.ts";
 * console.log(shortestFloat32(Math.fround(151.2))); // 151.2
 * ```
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  const single = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}

/**
 * The bytes of the results file of one prediction: exactly
 * `{"data":{"result":{"prediction":<number>},"explanation":null,"drift":null}}`,
 * the number written by {@link shortestFloat32} (`null` if not finite).
 */
export function predictionOutput(value: number): Uint8Array {
  const shown = shortestFloat32(value);
  return encodeText(
    `{"data":{"result":{"prediction":${Number.isFinite(shown) ? String(shown) : "null"}},` +
      `"explanation":null,"drift":null}}`,
  );
}
