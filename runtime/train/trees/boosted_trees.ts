/**
 * A fitted gradient-boosted tree ensemble and its forward pass: the raw
 * score of output `k` is `baseline[k]` plus the outputs of trees
 * `k, k + outputs, k + 2·outputs, …`, summed in round order (as training
 * summed them). Two-class models have one raw score (the log-odds of the
 * second class), more classes one per class (softmax), regression one.
 *
 * @module
 */
import { type BoostingTask, probabilitiesOf } from "./objectives.ts";
import { type RegressionTree, treeOutput } from "./regression_tree.ts";

/** A fitted ensemble. */
export interface BoostedTrees {
  /** What it predicts. */
  readonly task: BoostingTask;
  /** Inputs per row (the width of the feature matrix it was fitted on). */
  readonly featureCount: number;
  /** Raw scores per row, and trees per round. */
  readonly outputs: number;
  /** Starting raw score of each output (float32 numbers). */
  readonly baseline: Float64Array;
  /** The trees, round-major: tree `round * outputs + k` adds to output `k`. */
  readonly trees: readonly RegressionTree[];
}

/**
 * Raw scores of the listed `rows` of `features` (row-major,
 * `model.featureCount` wide): `rows.length * model.outputs`, row-major.
 */
export function predictRawScores(
  model: BoostedTrees,
  features: ArrayLike<number>,
  rows: ArrayLike<number>,
): Float64Array {
  const { outputs, featureCount, baseline, trees } = model;
  const raw = new Float64Array(rows.length * outputs);
  for (let i = 0; i < rows.length; i++) {
    const offset = rows[i] * featureCount;
    for (let k = 0; k < outputs; k++) {
      let score = baseline[k];
      for (let t = k; t < trees.length; t += outputs) {
        score += treeOutput(trees[t], features, offset);
      }
      raw[i * outputs + k] = score;
    }
  }
  return raw;
}

/**
 * Class probabilities of the listed `rows` of `features`: `rows.length *
 * classCount`, row-major (logistic of the raw score for two classes,
 * softmax otherwise). Throws a TypeError for a regression model.
 *
 * @example
 * ```ts
 * import { fitGradientBoosting } from "./fit_boosting.ts";
 * import { predictClassProbabilities } from "./boosted_trees.ts";
 * const features = Float64Array.from({ length: 200 }, (_, i) => i % 100);
 * const targets = Int32Array.from({ length: 200 }, (_, i) => (i % 100 < 50 ? 0 : 1));
 * const rows = Array.from({ length: 200 }, (_, i) => i);
 * const { model } = fitGradientBoosting({
 *   features, width: 1, targets, task: { kind: "classification", classCount: 2 }, fitRows: rows,
 * });
 * const p = predictClassProbabilities(model, features, [10, 90]);
 * if (!(p[0] > 0.9 && p[3] > 0.9)) throw new Error(`unexpected ${p}`);
 * ```
 */
export function predictClassProbabilities(
  model: BoostedTrees,
  features: ArrayLike<number>,
  rows: ArrayLike<number>,
): Float64Array {
  if (model.task.kind !== "classification") {
    throw new TypeError("predictClassProbabilities needs a classification model");
  }
  return probabilitiesOf(
    predictRawScores(model, features, rows),
    rows.length,
    model.task.classCount,
  );
}

/** Predicted values of a regression model for the listed `rows` of `features`. */
export function predictValues(
  model: BoostedTrees,
  features: ArrayLike<number>,
  rows: ArrayLike<number>,
): Float64Array {
  if (model.task.kind !== "regression") {
    throw new TypeError("predictValues needs a regression model");
  }
  return predictRawScores(model, features, rows);
}
