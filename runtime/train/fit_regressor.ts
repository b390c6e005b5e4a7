/**
 * Fits the chosen model family on a regression table: standardises the
 * inputs on the training rows (hashed text left unscaled) and the target
 * (mean and standard deviation of the training rows), then fits either
 * ridge regression (`linear`; L-BFGS to convergence, its curve watches the
 * holdout for the report only), the MLP regressor (Adam, early stopping
 * on a random validation split of the training rows) or gradient-boosted
 * trees (raw encoded inputs, early stopping on the same kind of split).
 * Returns one shape for all: the trainer's forward pass, the ONNX
 * description and the curve.
 *
 * @module
 */
import { type FeatureMatrix, releaseArray } from "./feature_matrix.ts";
import type { OnnxModelSpec } from "../backends/onnx/graph_types.ts";
import { fitTableStandardizer, VALIDATION_FRACTION } from "./fit_model.ts";
import { randomValidationSplit } from "./holdout_split.ts";
import { MLP_DEFAULTS, type MlpHyperParameters, type MlpSummary } from "./mlp.ts";
import { fitMlpRegressor, predictMlpRegressor } from "./mlp_regressor.ts";
import {
  mlpRegressorSpec,
  type RegressorDescription,
  ridgeModelSpec,
} from "./regression_export.ts";
import {
  fitRidge,
  fitTargetScaler,
  predictRidge,
  RIDGE_DEFAULTS,
  type RidgeHyperParameters,
  type TargetScaler,
} from "./ridge_regression.ts";
import { standardizeRows } from "./standardizer.ts";
import { treesRegressionSpec } from "./tree_export.ts";
import { fitTreesRegressor } from "./trees_regressor.ts";
import { predictValues } from "./trees/boosted_trees.ts";
import type { BoostingParameters, BoostingSummary } from "./trees/fit_boosting.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";
import type { TrainingTable } from "./training_table.ts";
import type { ModelKind } from "./train_types.ts";

/** A fitted regressor, whichever the family. */
export interface FittedRegressor {
  /** The family. */
  readonly kind: ModelKind;
  /** The trainer's double-precision predictions (target unit) of the listed rows. */
  readonly predict: (features: FeatureMatrix, rows: readonly number[]) => Float64Array;
  /** The ONNX description. */
  readonly spec: (about: RegressorDescription) => OnnxModelSpec;
  /** Loss and validation R² per step. */
  readonly curve: TrainingCurve;
  /** Optimiser outcome (for the MLP: epochs run). */
  readonly optimizer: { readonly iterations: number; readonly converged: boolean };
  /** The target's scaler, measured on the training rows. */
  readonly target: TargetScaler;
  /** The ridge settings, when the model is linear. */
  readonly ridge?: RidgeHyperParameters;
  /** The MLP's settings and outcome. */
  readonly mlp?: { readonly hyper: MlpHyperParameters; readonly summary: MlpSummary };
  /** The trees' settings and outcome. */
  readonly trees?: { readonly parameters: BoostingParameters; readonly summary: BoostingSummary };
}

/** Fits `kind` on the `train` rows of regression `table`; `holdout` only feeds the ridge curve. */
export function fitRegressor(
  kind: ModelKind,
  table: TrainingTable,
  split: { readonly train: readonly number[]; readonly holdout: readonly number[] },
  seed: number,
  onStep?: (step: TrainingStep) => void,
): FittedRegressor {
  const width = table.width;
  const target = fitTargetScaler(split.train.map((row) => table.values[row]));
  if (kind === "trees") {
    const fit = fitTreesRegressor(table, split.train, target, VALIDATION_FRACTION, seed, onStep);
    return {
      kind,
      predict: (features, rows) => predictValues(fit.model, features, rows),
      spec: (about) => treesRegressionSpec(fit.model, about),
      curve: fit.curve,
      optimizer: { iterations: fit.summary.rounds, converged: true },
      target,
      trees: { parameters: fit.parameters, summary: fit.summary },
    };
  }
  const standardizer = fitTableStandardizer(table, split.train);
  const rowsOf = (rows: readonly number[]) => ({
    inputs: standardizeRows(standardizer, table.features, width, rows),
    targets: Float64Array.from(rows, (row) => (table.values[row] - target.mean) / target.scale),
  });
  if (kind === "linear") {
    const train = rowsOf(split.train);
    const watched = rowsOf(split.holdout);
    const fit = fitRidge(train, standardizer, target, RIDGE_DEFAULTS, {
      rows: watched,
      description: `the ${split.holdout.length} holdout rows (watched for the report only; ` +
        `ridge regression runs to convergence)`,
    }, onStep);
    releaseArray(train.inputs);
    releaseArray(watched.inputs);
    return {
      kind,
      predict: (features, rows) => predictRidge(fit.model, features, rows),
      spec: (about) => ridgeModelSpec(fit.model, about),
      curve: fit.curve,
      optimizer: { iterations: fit.iterations, converged: fit.converged },
      target,
      ridge: RIDGE_DEFAULTS,
    };
  }
  const parts = randomValidationSplit(split.train, VALIDATION_FRACTION, seed);
  const fitRows = rowsOf(parts.fit);
  const validationRows = rowsOf(parts.validation);
  const { model, summary, curve } = fitMlpRegressor(
    fitRows,
    validationRows,
    standardizer,
    target,
    MLP_DEFAULTS,
    seed,
    onStep,
  );
  releaseArray(fitRows.inputs);
  releaseArray(validationRows.inputs);
  return {
    kind,
    predict: (features, rows) => predictMlpRegressor(model, features, rows),
    spec: (about) => mlpRegressorSpec(model, about),
    curve,
    optimizer: { iterations: summary.epochs, converged: true },
    target,
    mlp: { hyper: MLP_DEFAULTS, summary },
  };
}
