/**
 * Fits the chosen model family on a training table: standardises on the
 * training rows (hashed text columns are left unscaled), then fits either
 * multinomial logistic regression (L-BFGS to convergence; its curve watches
 * the holdout for the report only) or the MLP (Adam, early stopping on a
 * stratified validation split of the training rows); or fits
 * gradient-boosted trees on the raw encoded features (early stopping on the
 * same validation split). Returns one shape for all: the trainer's forward
 * pass, the ONNX description and the curve.
 *
 * @module
 */
import { type FeatureMatrix, releaseArray } from "./feature_matrix.ts";
import type { OnnxModelSpec } from "../backends/onnx/graph_types.ts";
import { columnWidth } from "../modules/tabular_pipeline.ts";
import { stratifiedValidationSplit } from "./holdout_split.ts";
import {
  fitMlp,
  MLP_DEFAULTS,
  type MlpHyperParameters,
  type MlpSummary,
  predictMlpProbabilities,
} from "./mlp.ts";
import { type ExportDescription, mlpModelSpec, softmaxModelSpec } from "./onnx_export.ts";
import { treesClassifierSpec } from "./tree_export.ts";
import { predictClassProbabilities } from "./trees/boosted_trees.ts";
import {
  BOOSTING_DEFAULTS,
  type BoostingParameters,
  type BoostingSummary,
  fitGradientBoosting,
} from "./trees/fit_boosting.ts";
import {
  fitSoftmaxRegression,
  predictProbabilities,
  type SoftmaxHyperParameters,
} from "./softmax_regression.ts";
import { fitStandardizer, type Standardizer, standardizeRows } from "./standardizer.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";
import type { TrainingTable } from "./training_table.ts";
import type { ModelKind } from "./train_types.ts";

/** Share of the training rows the MLP and the trees validate early stopping on. */
export const VALIDATION_FRACTION = 0.1;

/** A fitted model, whichever the family. */
export interface FittedModel {
  /** The family. */
  readonly kind: ModelKind;
  /** The trainer's double-precision probabilities of the listed rows of encoded features. */
  readonly predict: (features: FeatureMatrix, rows: readonly number[]) => Float64Array;
  /** The ONNX description. */
  readonly spec: (about: ExportDescription) => OnnxModelSpec;
  /** Loss and validation accuracy per step. */
  readonly curve: TrainingCurve;
  /** Optimiser outcome (for the MLP: epochs run, and whether early stopping ended it). */
  readonly optimizer: { readonly iterations: number; readonly converged: boolean };
  /** The MLP's settings and outcome. */
  readonly mlp?: { readonly hyper: MlpHyperParameters; readonly summary: MlpSummary };
  /** The trees' settings and outcome. */
  readonly trees?: { readonly parameters: BoostingParameters; readonly summary: BoostingSummary };
}

/**
 * Standardisation on the training rows; hashed text columns and the tf-idf
 * blocks after the float inputs keep mean 0 and scale 1 (as scikit-learn's
 * tf-idf pipeline feeds them to the model unscaled).
 */
export function fitTableStandardizer(table: TrainingTable, rows: readonly number[]): Standardizer {
  const standardizer = fitStandardizer(table.features, table.width, rows);
  let at = 0;
  for (const column of table.pipeline.columns) {
    const width = columnWidth(column);
    if (column.kind === "text") {
      standardizer.mean.fill(0, at, at + width);
      standardizer.scale.fill(1, at, at + width);
    }
    at += width;
  }
  standardizer.mean.fill(0, at);
  standardizer.scale.fill(1, at);
  return standardizer;
}

/** Fits `kind` on the `train` rows of `table`; `holdout` only feeds the logistic curve. */
export function fitModel(
  kind: ModelKind,
  table: TrainingTable,
  split: { readonly train: readonly number[]; readonly holdout: readonly number[] },
  hyper: SoftmaxHyperParameters,
  seed: number,
  onStep?: (step: TrainingStep) => void,
): FittedModel {
  if (kind === "trees") return fitTrees(table, split.train, seed, onStep);
  const width = table.width;
  const classCount = table.classLabels.length;
  const standardizer = fitTableStandardizer(table, split.train);
  const rowsOf = (rows: readonly number[]) => ({
    inputs: standardizeRows(standardizer, table.features, width, rows),
    targets: Int32Array.from(rows, (row) => table.targets[row]),
  });
  if (kind === "linear") {
    const train = rowsOf(split.train);
    const watched = rowsOf(split.holdout);
    const { model, summary, curve } = fitSoftmaxRegression(
      train.inputs,
      train.targets,
      classCount,
      standardizer,
      hyper,
      {
        rows: watched,
        description: `the ${split.holdout.length} holdout rows (watched for the report only; ` +
          `logistic regression runs to convergence)`,
        onStep,
      },
    );
    releaseArray(train.inputs);
    releaseArray(watched.inputs);
    return {
      kind,
      predict: (features, rows) => predictProbabilities(model, features, rows),
      spec: (about) => softmaxModelSpec(model, about),
      curve,
      optimizer: { iterations: summary.iterations, converged: summary.converged },
    };
  }
  const parts = stratifiedValidationSplit(
    split.train,
    table.targets,
    classCount,
    VALIDATION_FRACTION,
    seed,
  );
  const fitRows = rowsOf(parts.fit);
  const validationRows = rowsOf(parts.validation);
  const { model, summary, curve } = fitMlp(
    fitRows,
    validationRows,
    classCount,
    standardizer,
    MLP_DEFAULTS,
    seed,
    onStep,
  );
  releaseArray(fitRows.inputs);
  releaseArray(validationRows.inputs);
  return {
    kind,
    predict: (features, rows) => predictMlpProbabilities(model, features, rows),
    spec: (about) => mlpModelSpec(model, about),
    curve,
    optimizer: { iterations: summary.epochs, converged: true },
    mlp: { hyper: MLP_DEFAULTS, summary },
  };
}

/**
 * Fits gradient-boosted trees on the `train` rows of `table`: 10% of them
 * (stratified, seeded) watch early stopping, the rest grow the trees.
 */
function fitTrees(
  table: TrainingTable,
  train: readonly number[],
  seed: number,
  onStep?: (step: TrainingStep) => void,
): FittedModel {
  const classCount = table.classLabels.length;
  const parts = stratifiedValidationSplit(
    train,
    table.targets,
    classCount,
    VALIDATION_FRACTION,
    seed,
  );
  const parameters = BOOSTING_DEFAULTS;
  const { model, summary, history } = fitGradientBoosting(
    {
      features: table.features,
      width: table.width,
      targets: table.targets,
      task: { kind: "classification", classCount },
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
        validationAccuracy: round.validationAccuracy,
      }),
  );
  return {
    kind: "trees",
    predict: (features, rows) => predictClassProbabilities(model, features, rows),
    spec: (about) => treesClassifierSpec(model, about),
    curve: {
      unit: "round",
      loss: history.map((round) => round.trainLoss),
      validationAccuracy: history.map((round) => round.validationAccuracy),
      validationRows: `${parts.validation.length} validation rows split off the training rows`,
    },
    optimizer: { iterations: summary.rounds, converged: true },
    trees: { parameters, summary },
  };
}
