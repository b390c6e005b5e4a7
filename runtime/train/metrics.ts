/**
 * Classification quality figures computed from true and predicted class
 * indices: accuracy, the confusion matrix, per-class precision, recall and
 * F1, and their macro average. A class that is never predicted (or never
 * present) gets precision (or recall) 0, as scikit-learn reports with
 * `zero_division=0`.
 *
 * @module
 */

/** Quality figures of one class. */
export interface ClassMetrics {
  /** Class name. */
  readonly label: string;
  /** Share of the rows predicted as this class that truly are. */
  readonly precision: number;
  /** Share of the rows of this class that were predicted as it. */
  readonly recall: number;
  /** Harmonic mean of precision and recall. */
  readonly f1: number;
  /** Number of rows of this class. */
  readonly support: number;
}

/** Quality figures of a set of predictions. */
export interface ClassificationMetrics {
  /** Share of rows predicted correctly. */
  readonly accuracy: number;
  /** Unweighted mean of the per-class F1 scores. */
  readonly macroF1: number;
  /** Per-class figures, in class order. */
  readonly perClass: readonly ClassMetrics[];
  /** `confusion[true][predicted]` row counts, in class order. */
  readonly confusion: readonly (readonly number[])[];
}

/**
 * Computes {@link ClassificationMetrics} for `actual` and `predicted` class
 * indices over the classes named by `labels`.
 *
 * @example
 * ```ts
 * import { classificationMetrics } from "./metrics.ts";
 * const m = classificationMetrics(["a", "b"], [0, 1, 1], [0, 1, 0]);
 * console.log(m.accuracy); // 0.666…
 * ```
 */
export function classificationMetrics(
  labels: readonly string[],
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): ClassificationMetrics {
  const confusion = labels.map(() => labels.map(() => 0));
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    confusion[actual[i]][predicted[i]]++;
    if (actual[i] === predicted[i]) correct++;
  }
  const perClass = labels.map((label, c) => {
    const truePositives = confusion[c][c];
    const support = confusion[c].reduce((sum, count) => sum + count, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + row[c], 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  return {
    accuracy: actual.length === 0 ? 0 : correct / actual.length,
    macroF1: perClass.reduce((sum, entry) => sum + entry.f1, 0) / labels.length,
    perClass,
    confusion,
  };
}

/** Index of the largest of `classCount` probabilities starting at `offset` (first wins ties). */
export function argmaxAt(values: ArrayLike<number>, offset: number, classCount: number): number {
  let best = 0;
  for (let c = 1; c < classCount; c++) {
    if (values[offset + c] > values[offset + best]) best = c;
  }
  return best;
}
