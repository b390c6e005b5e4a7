/**
 * The `classPredictions` result format: every class with its probability,
 * rounded to 4 decimals, sorted from most to least likely (ties keep the
 * model's label order), wrapped in the Modzy success document. The trainer
 * uses the same functions to write the expected outputs of test cases, so a
 * served answer and a test case agree byte for byte.
 *
 * @module
 */
import { successOutput } from "../model/outputs.ts";

/** One class and its score. */
export interface ClassPrediction {
  /** Class label. */
  readonly class: string;
  /** Probability rounded to 4 decimals. */
  readonly score: number;
}

/** Decimal places kept in scores. */
export const SCORE_DECIMALS = 4;

/** Rounds a probability to {@link SCORE_DECIMALS} decimals. */
export function roundScore(probability: number): number {
  const factor = 10 ** SCORE_DECIMALS;
  return Math.round(probability * factor) / factor;
}

/**
 * Ranks one row of probabilities: `labels.length` values of `probabilities`
 * starting at `offset`, one per label in label order.
 *
 * @example
 * ```ts
 * import { rankClassPredictions } from "./class_predictions.ts";
 * const ranked = rankClassPredictions(new Float32Array([0.2, 0.8]), 0, ["no", "yes"]);
 * console.log(ranked[0]); // { class: "yes", score: 0.8 }
 * ```
 */
export function rankClassPredictions(
  probabilities: ArrayLike<number>,
  offset: number,
  labels: readonly string[],
): ClassPrediction[] {
  const ranked = labels.map((label, index) => ({
    index,
    prediction: { class: label, score: roundScore(probabilities[offset + index]) },
  }));
  ranked.sort((a, b) => b.prediction.score - a.prediction.score || a.index - b.index);
  return ranked.map((entry) => entry.prediction);
}

/** The bytes of a results file holding `{"classPredictions": [...]}` as the result. */
export function classPredictionsOutput(predictions: readonly ClassPrediction[]): Uint8Array {
  return successOutput({ result: { classPredictions: predictions } });
}
