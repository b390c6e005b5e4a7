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
import { encodeText } from "../model/text_bytes.ts";

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
 * The ranking order: higher score first, equal scores (and two infinities of
 * one sign) in label order, a NaN score (a broken model) after every number.
 * A total order, so every sort algorithm ranks a row the same way.
 */
function compareRanks(scoreA: number, indexA: number, scoreB: number, indexB: number): number {
  const nanA = scoreA !== scoreA;
  const nanB = scoreB !== scoreB;
  if (nanA || nanB) return nanA === nanB ? indexA - indexB : nanA ? 1 : -1;
  return scoreB - scoreA || indexA - indexB;
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
  ranked.sort((a, b) => compareRanks(a.prediction.score, a.index, b.prediction.score, b.index));
  return ranked.map((entry) => entry.prediction);
}

/** The bytes of a results file holding `{"classPredictions": [...]}` as the result. */
export function classPredictionsOutput(predictions: readonly ClassPrediction[]): Uint8Array {
  return successOutput({ result: { classPredictions: predictions } });
}

/** Writes the results file of one row of probabilities; see {@link classPredictionsWriter}. */
export type ClassPredictionsWriter = (
  probabilities: ArrayLike<number>,
  offset: number,
) => Uint8Array;

/**
 * The serving hot path of `classPredictionsOutput(rankClassPredictions(p,
 * offset, labels))`: the same bytes, without building the prediction
 * objects and the document for `JSON.stringify` (the labels are quoted once,
 * here). Each answer costs a sort of label indices and one string.
 */
export function classPredictionsWriter(labels: readonly string[]): ClassPredictionsWriter {
  const heads = labels.map((label) => `{"class":${JSON.stringify(label)},"score":`);
  const count = labels.length;
  return (probabilities, offset) => {
    const scores = new Array<number>(count);
    const order = new Array<number>(count);
    for (let index = 0; index < count; index++) {
      scores[index] = roundScore(probabilities[offset + index]);
      order[index] = index;
    }
    // The order of rankClassPredictions (a total order, so any sort agrees).
    order.sort((a, b) => compareRanks(scores[a], a, scores[b], b));
    let text = '{"data":{"result":{"classPredictions":[';
    for (let rank = 0; rank < count; rank++) {
      const index = order[rank];
      const score = scores[index];
      // JSON.stringify writes a finite number as String(n) and anything else as null.
      text += (rank === 0 ? "" : ",") + heads[index] +
        (Number.isFinite(score) ? String(score) : "null") +
        "}";
    }
    return encodeText(text + ']},"explanation":null,"drift":null}}');
  };
}
