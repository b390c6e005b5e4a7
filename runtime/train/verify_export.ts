/**
 * The export check: before a trained model is written, the ONNX bytes are
 * loaded into onnxruntime and run on the holdout rows; every probability
 * must match the trainer's own double-precision forward pass within
 * {@link EXPORT_TOLERANCE}, otherwise training fails with an `internal`
 * RuntimeError and nothing is written.
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { internalError } from "../base/errors.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import { runProbabilities } from "../modules/probability_model.ts";
import { runPredictions } from "../modules/regression_model.ts";

/** Largest accepted absolute difference between onnxruntime and the trainer. */
export const EXPORT_TOLERANCE = 1e-4;

/** Outcome of a passed check. */
export interface ExportCheck {
  /** Rows compared. */
  readonly rows: number;
  /** Largest absolute difference seen. */
  readonly maxDifference: number;
}

/** The graph's string inputs of the same rows: input name to texts (tf-idf columns). */
export type TextFeeds = Readonly<Record<string, readonly string[]>>;

/**
 * Runs `session` on `rowCount` rows of `features` (row-major doubles, cast to
 * float32 as serving does; `texts` for any tf-idf column) and compares the
 * result with `expected` (row-major probabilities from the trainer). Throws
 * `internal` naming the row, the class and both values when a difference
 * exceeds {@link EXPORT_TOLERANCE}.
 */
export async function verifyExport(
  session: OnnxSession,
  features: FeatureMatrix,
  rowCount: number,
  expected: Float64Array,
  classLabels: readonly string[],
  texts: TextFeeds = {},
): Promise<ExportCheck> {
  const featureCount = features.length / rowCount;
  const actual = await runProbabilities(
    session,
    features instanceof Float32Array ? features : Float32Array.from(features),
    rowCount,
    featureCount,
    classLabels.length,
    texts,
  );
  let maxDifference = 0;
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    if (!(difference <= EXPORT_TOLERANCE)) {
      const row = Math.floor(i / classLabels.length);
      const label = classLabels[i % classLabels.length];
      throw internalError(
        `ONNX export check failed: holdout row ${row + 1}, class '${label}': onnxruntime gave ` +
          `${actual[i]}, the trainer ${expected[i]} (difference ${difference} > ` +
          `${EXPORT_TOLERANCE})`,
      );
    }
    maxDifference = Math.max(maxDifference, difference);
  }
  return { rows: rowCount, maxDifference };
}

/**
 * The export check of a regressor: runs `session` on `rowCount` rows of
 * `features` (cast to float32 as serving does) and compares each prediction
 * with `expected` (the trainer's, in the target's unit). The tolerance is
 * {@link EXPORT_TOLERANCE} relative to the larger of 1, the target's scale
 * and the value, since float32 carries about 7 significant digits. Throws
 * `internal` naming the row and both values when a difference exceeds it.
 */
export async function verifyPredictions(
  session: OnnxSession,
  features: FeatureMatrix,
  rowCount: number,
  expected: Float64Array,
  targetScale: number,
  texts: TextFeeds = {},
): Promise<ExportCheck> {
  const featureCount = features.length / rowCount;
  const inputs = features instanceof Float32Array ? features : Float32Array.from(features);
  const actual = await runPredictions(session, inputs, rowCount, featureCount, texts);
  let maxDifference = 0;
  for (let row = 0; row < rowCount; row++) {
    const difference = Math.abs(actual[row] - expected[row]);
    const tolerance = EXPORT_TOLERANCE * Math.max(1, targetScale, Math.abs(expected[row]));
    if (!(difference <= tolerance)) {
      throw internalError(
        `ONNX export check failed: holdout row ${row + 1}: onnxruntime predicted ${actual[row]}, ` +
          `the trainer ${expected[row]} (difference ${difference} > ${tolerance})`,
      );
    }
    maxDifference = Math.max(maxDifference, difference);
  }
  return { rows: rowCount, maxDifference };
}
