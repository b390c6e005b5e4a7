/**
 * Histogram-based gradient boosting (the LightGBM / scikit-learn
 * HistGradientBoosting recipe): bin the features on the fitting rows, start
 * from the loss-minimising constant, then each round compute every fitting
 * row's gradient and hessian, grow one leaf-wise tree per raw output on them
 * and add its shrunk leaf values. After each round the loss on the
 * validation rows is measured; once it has not improved by more than
 * `tolerance` for `patience` rounds the fit stops and the trees of the best
 * round are kept. Work is capped by `maxRounds` and `maxLeaves` only (no
 * clock), and every step runs in a fixed order, so the same inputs give the
 * same model byte for byte on any machine. Unusable data is a `bad_request`
 * RuntimeError.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { binRows, fitBinMapper, MAX_BINS } from "./bin_mapper.ts";
import type { BoostedTrees } from "./boosted_trees.ts";
import { type GrowParameters, growTree, newGrowWorkspace } from "./grow_tree.ts";
import { type BoostingTask, objectiveOf } from "./objectives.ts";
import { leafCount, type RegressionTree, treeOutput } from "./regression_tree.ts";

/** Settings of a boosting fit. */
export interface BoostingParameters extends GrowParameters {
  /** Most boosting rounds (each adds one tree per raw output). */
  readonly maxRounds: number;
  /** Most value bins per feature (2 to 255). */
  readonly maxBins: number;
  /** Stop after this many rounds without a lower validation loss. */
  readonly patience: number;
  /** Smallest drop of the validation loss that counts as progress. */
  readonly tolerance: number;
}

/** Defaults: scikit-learn's HistGradientBoosting, with up to 200 rounds. */
export const BOOSTING_DEFAULTS: BoostingParameters = {
  learningRate: 0.1,
  maxRounds: 200,
  maxLeaves: 31,
  maxDepth: 0,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  minHessian: 1e-3,
  minSplitGain: 0,
  maxBins: MAX_BINS,
  patience: 10,
  tolerance: 1e-7,
};

/** What to fit: a row-major feature matrix, a target per row, and which rows to use. */
export interface BoostingData {
  /** Features, row-major, `width` per row; NaN is a missing value. */
  readonly features: ArrayLike<number>;
  /** Features per row. */
  readonly width: number;
  /** Target of every row of `features`: a class index, or a number for regression. */
  readonly targets: ArrayLike<number>;
  /** What the targets are. */
  readonly task: BoostingTask;
  /** Rows the trees are fitted on. */
  readonly fitRows: ArrayLike<number>;
  /** Rows early stopping watches; without any, all `maxRounds` rounds run. */
  readonly validationRows?: ArrayLike<number>;
}

/** Figures of one round, as reported live. */
export interface BoostingRound {
  /** 1-based round. */
  readonly round: number;
  /** Most rounds. */
  readonly maxRounds: number;
  /** Mean loss on the fitting rows after the round. */
  readonly trainLoss: number;
  /** Mean loss on the validation rows (NaN without any). */
  readonly validationLoss: number;
  /** Share of validation rows classified correctly (NaN for regression or without rows). */
  readonly validationAccuracy: number;
}

/** How a fit went. */
export interface BoostingSummary {
  /** Rounds run. */
  readonly rounds: number;
  /** Rounds kept (the lowest validation loss; all rounds without validation rows). */
  readonly bestRound: number;
  /** True when early stopping (or a round without any split) ended the fit. */
  readonly stoppedEarly: boolean;
  /** Trees kept. */
  readonly trees: number;
  /** Leaves over the kept trees. */
  readonly leaves: number;
  /** Validation loss of the kept model (NaN without validation rows). */
  readonly validationLoss: number;
  /** Validation accuracy of the kept model (NaN for regression or without validation rows). */
  readonly validationAccuracy: number;
}

/** A fitted model with its summary and per-round history. */
export interface BoostingResult {
  /** The ensemble. */
  readonly model: BoostedTrees;
  /** How the fit went. */
  readonly summary: BoostingSummary;
  /** One entry per round run. */
  readonly history: readonly BoostingRound[];
}

/**
 * Fits gradient-boosted trees on `data.fitRows`, stopping early on
 * `data.validationRows`; `onRound` hears every round.
 *
 * @example
 * ```ts
 * import { fitGradientBoosting } from "./fit_boosting.ts";
 * import { predictValues } from "./boosted_trees.ts";
 * const features = Float64Array.from({ length: 400 }, (_, i) => (i % 200) / 20);
 * const targets = Float64Array.from(features, (x) => Math.sin(x));
 * const rows = Array.from({ length: 400 }, (_, i) => i);
 * const { model, summary } = fitGradientBoosting({
 *   features, width: 1, targets, task: { kind: "regression" },
 *   fitRows: rows.filter((i) => i % 5 !== 0), validationRows: rows.filter((i) => i % 5 === 0),
 * });
 * const [y] = predictValues(model, features, [30]);
 * if (Math.abs(y - Math.sin(1.5)) > 0.1) throw new Error(`predicted ${y} (${summary.rounds} rounds)`);
 * ```
 */
export function fitGradientBoosting(
  data: BoostingData,
  parameters: BoostingParameters = BOOSTING_DEFAULTS,
  onRound?: (round: BoostingRound) => void,
): BoostingResult {
  checkData(data, parameters);
  const { features, width, task, fitRows } = data;
  const validationRows = data.validationRows ?? [];
  const objective = objectiveOf(task);
  const outputs = objective.outputs;
  const rowCount = fitRows.length;
  const validationCount = validationRows.length;
  const fitTargets = Float64Array.from(fitRows, (row) => data.targets[row]);
  const validationTargets = Float64Array.from(validationRows, (row) => data.targets[row]);
  const baseline = objective.baseline(fitTargets).map(Math.fround);

  const mapper = fitBinMapper(features, width, fitRows, parameters.maxBins);
  const binned = binRows(mapper, features, fitRows);
  const workspace = newGrowWorkspace(binned);
  const raw = new Float64Array(rowCount * outputs);
  const validationRaw = new Float64Array(validationCount * outputs);
  for (let i = 0; i < rowCount; i++) raw.set(baseline, i * outputs);
  for (let j = 0; j < validationCount; j++) validationRaw.set(baseline, j * outputs);
  const pairs = new Float64Array(2 * rowCount * outputs);

  const trees: RegressionTree[] = [];
  const history: BoostingRound[] = [];
  let bestLoss = Infinity;
  let bestRound = 0;
  let bestAccuracy = NaN;
  let stoppedEarly = false;
  // A round's training loss is computed with the next round's gradients (or once at the end).
  let pending: Omit<BoostingRound, "trainLoss"> | undefined;
  const report = (trainLoss: number) => {
    if (pending === undefined) return;
    const figures = { ...pending, trainLoss };
    pending = undefined;
    history.push(figures);
    onRound?.(figures);
  };
  for (let round = 1; round <= parameters.maxRounds; round++) {
    report(objective.gradients(raw, fitTargets, pairs));
    let splits = 0;
    for (let k = 0; k < outputs; k++) {
      const slice = pairs.subarray(2 * k * rowCount, 2 * (k + 1) * rowCount);
      const { tree, start, end } = growTree(mapper, binned, slice, parameters, workspace);
      trees.push(tree);
      for (let node = 0; node < tree.feature.length; node++) {
        if (tree.feature[node] >= 0) {
          splits++;
          continue;
        }
        const value = tree.value[node];
        for (let i = start[node]; i < end[node]; i++) raw[workspace.rows[i] * outputs + k] += value;
      }
      for (let j = 0; j < validationCount; j++) {
        validationRaw[j * outputs + k] += treeOutput(tree, features, validationRows[j] * width);
      }
    }
    const validationLoss = validationCount > 0
      ? objective.loss(validationRaw, validationTargets)
      : NaN;
    const validationAccuracy = task.kind === "classification" && validationCount > 0
      ? accuracyOfRaw(validationRaw, validationTargets, outputs)
      : NaN;
    pending = { round, maxRounds: parameters.maxRounds, validationLoss, validationAccuracy };
    if (validationCount === 0) {
      bestRound = round;
    } else if (validationLoss < bestLoss - parameters.tolerance) {
      bestLoss = validationLoss;
      bestRound = round;
      bestAccuracy = validationAccuracy;
    } else if (round - bestRound >= parameters.patience) {
      stoppedEarly = true;
      break;
    }
    if (splits === 0) {
      stoppedEarly = round < parameters.maxRounds;
      break;
    }
  }
  report(objective.loss(raw, fitTargets));
  const kept = trees.slice(0, bestRound * outputs);
  return {
    model: { task, featureCount: width, outputs, baseline, trees: kept },
    summary: {
      rounds: history.length,
      bestRound,
      stoppedEarly,
      trees: kept.length,
      leaves: kept.reduce((sum, tree) => sum + leafCount(tree), 0),
      validationLoss: validationCount > 0 ? bestLoss : NaN,
      validationAccuracy: bestAccuracy,
    },
    history,
  };
}

/**
 * Rejects data the fit can not use with a `bad_request` naming the first
 * problem: no fitting rows, a feature matrix of the wrong size, a class
 * target outside `0..classCount-1`, a regression target that is not a finite
 * number, or settings out of range.
 */
function checkData(data: BoostingData, parameters: BoostingParameters): void {
  const { width, task, targets } = data;
  if (!(Number.isInteger(width) && width > 0 && data.features.length % width === 0)) {
    throw badRequest(`features must hold whole rows of ${width} values`);
  }
  if (data.fitRows.length === 0) throw badRequest("gradient boosting needs at least one fit row");
  if (
    task.kind === "classification" && !(Number.isInteger(task.classCount) && task.classCount >= 2)
  ) {
    throw badRequest(`classification needs at least 2 classes, got ${task.classCount}`);
  }
  const rowCount = data.features.length / width;
  for (const rows of [data.fitRows, data.validationRows ?? []]) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!(Number.isInteger(row) && row >= 0 && row < rowCount)) {
        throw badRequest(`row ${row} is not a row of the ${rowCount}-row feature matrix`);
      }
      const target = targets[row];
      const valid = task.kind === "classification"
        ? Number.isInteger(target) && target >= 0 && target < task.classCount
        : Number.isFinite(target);
      if (!valid) {
        throw badRequest(
          `row ${row}: target ${target} is not ` +
            (task.kind === "classification"
              ? `a class index from 0 to ${task.classCount - 1}`
              : "a finite number"),
        );
      }
    }
  }
  const { maxRounds, maxLeaves, minSamplesLeaf, learningRate } = parameters;
  if (!(Number.isInteger(maxRounds) && maxRounds >= 0)) {
    throw badRequest(`maxRounds must be a whole number ≥ 0, got ${maxRounds}`);
  }
  if (!(Number.isInteger(maxLeaves) && maxLeaves >= 1)) {
    throw badRequest(`maxLeaves must be a whole number ≥ 1, got ${maxLeaves}`);
  }
  if (!(minSamplesLeaf >= 1) || !(learningRate > 0)) {
    throw badRequest("minSamplesLeaf must be at least 1 and learningRate above 0");
  }
}

/** Share of rows whose raw scores pick the target class (one score: positive means class 1). */
function accuracyOfRaw(raw: Float64Array, targets: Float64Array, outputs: number): number {
  let correct = 0;
  for (let i = 0; i < targets.length; i++) {
    let predicted = 0;
    if (outputs === 1) {
      predicted = raw[i] > 0 ? 1 : 0;
    } else {
      for (let k = 1; k < outputs; k++) {
        if (raw[i * outputs + k] > raw[i * outputs + predicted]) predicted = k;
      }
    }
    if (predicted === targets[i]) correct++;
  }
  return targets.length === 0 ? 0 : correct / targets.length;
}
