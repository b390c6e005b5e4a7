/**
 * Gradient-boosted trees as a regressor: the trees are grown on the target
 * standardised with the training rows' mean and deviation (so early
 * stopping's tolerance means the same on any scale), then their leaf values
 * and baseline are carried back into the target's own unit (rounded to
 * float32, as the ONNX `TreeEnsembleRegressor` stores them). The trainer's
 * forward pass and the exported graph therefore read the same numbers, and
 * the graph needs no Mul/Add after the ensemble.
 *
 * @module
 */
import { randomValidationSplit } from "./holdout_split.ts";
import type { TargetScaler } from "./ridge_regression.ts";
import type { BoostedTrees } from "./trees/boosted_trees.ts";
import {
  BOOSTING_DEFAULTS,
  type BoostingParameters,
  type BoostingSummary,
  fitGradientBoosting,
} from "./trees/fit_boosting.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";
import type { TrainingTable } from "./training_table.ts";

/** A fitted tree regressor in the target's unit, with its settings, outcome and curve. */
export interface TreesRegressorFit {
  /** The ensemble; its outputs are in the target's unit. */
  readonly model: BoostedTrees;
  /** The boosting settings. */
  readonly parameters: BoostingParameters;
  /** How the fit went (validation loss on the standardised target). */
  readonly summary: BoostingSummary;
  /** Training loss and validation R² per round. */
  readonly curve: TrainingCurve;
}

/**
 * The same ensemble answering `raw * target.scale + target.mean`: every leaf
 * value scaled, the baseline scaled and shifted, both rounded to float32.
 */
export function rescaleTrees(model: BoostedTrees, target: TargetScaler): BoostedTrees {
  return {
    ...model,
    baseline: model.baseline.map((value) => Math.fround(value * target.scale + target.mean)),
    trees: model.trees.map((tree) => ({
      ...tree,
      value: tree.value.map((value) => Math.fround(value * target.scale)),
    })),
  };
}

/** Variance of `values` around their mean (1 when it is 0, so R² stays finite). */
function variance(values: Float64Array): number {
  if (values.length === 0) return 1;
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return squares > 0 ? squares / values.length : 1;
}

/**
 * Fits gradient-boosted regression trees on the `train` rows of `table`
 * (raw encoded features, the target standardised with `target`): a seeded
 * random 10% of them (`validationFraction`) watch early stopping.
 */
export function fitTreesRegressor(
  table: TrainingTable,
  train: readonly number[],
  target: TargetScaler,
  validationFraction: number,
  seed: number,
  onStep?: (step: TrainingStep) => void,
  parameters: BoostingParameters = BOOSTING_DEFAULTS,
): TreesRegressorFit {
  const parts = randomValidationSplit(train, validationFraction, seed);
  const standardized = table.values.map((value) => (value - target.mean) / target.scale);
  const validationVariance = variance(Float64Array.from(parts.validation, (r) => standardized[r]));
  const r2Of = (validationLoss: number) => 1 - (2 * validationLoss) / validationVariance;
  const { model, summary, history } = fitGradientBoosting(
    {
      features: table.features,
      width: table.width,
      targets: standardized,
      task: { kind: "regression" },
      fitRows: parts.fit,
      validationRows: parts.validation,
    },
    parameters,
    (round) =>
      onStep?.({
        unit: "round",
        step: round.round,
        maxSteps: round.maxRounds,
        loss: round.trainLoss,
        validationAccuracy: r2Of(round.validationLoss),
        metric: "R²",
      }),
  );
  return {
    model: rescaleTrees(model, target),
    parameters,
    summary,
    curve: {
      unit: "round",
      loss: history.map((round) => round.trainLoss),
      validationAccuracy: history.map((round) => r2Of(round.validationLoss)),
      validationRows: `${parts.validation.length} validation rows split off the training rows`,
      metric: "R²",
    },
  };
}
