/**
 * `--model auto`: choose the model family on the data. Every candidate
 * family is fitted on part of the training rows, exactly as `--model
 * <family>` fits, and scored on rows it did not see (accuracy; R² for a
 * regression). The choice follows the one-standard-error rule: the first
 * candidate in the plan's order (simplest first) whose score is within one
 * standard error of the best score, the error of their paired per-row
 * difference, so a small validation set's luck does not trade a simple model
 * for a complex one. The caller refits the chosen family on all training
 * rows. Few training rows are cross-validated (5
 * folds, seeded, stratified for a classification: every training row is
 * scored once), so a handful of lucky rows does not decide; more are split
 * once, 80% to fit and 20% to score. The work is fixed once at the start from
 * the data size ({@link autoPlan}): the candidates, the folds or the share
 * that validates, and at most so many rows × inputs to screen on (a larger
 * fitting part is subsampled, seeded). Each candidate's own work is capped
 * in steps (epochs, rounds, iterations), never in time, so the same data and
 * seed choose the same family on any machine.
 *
 * @module
 */
import { badRequest, RuntimeError } from "../base/errors.ts";
import { fitModel } from "./fit_model.ts";
import { fitRegressor } from "./fit_regressor.ts";
import {
  type Fold,
  randomFolds,
  randomValidationSplit,
  stratifiedFolds,
  stratifiedValidationSplit,
} from "./holdout_split.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";
import { regressionMetrics } from "./regression_metrics.ts";
import type { SoftmaxHyperParameters } from "./softmax_regression.ts";
import type { TrainingStep } from "./training_curve.ts";
import type { TrainingTable } from "./training_table.ts";
import {
  type CandidateScore,
  MODEL_KINDS,
  type ModelKind,
  type ModelSelection,
} from "./train_types.ts";

/** The work `--model auto` may do, fixed from the data size before any fit. */
export interface AutoPlan {
  /** The families tried, in order (a tie goes to the earlier). */
  readonly candidates: readonly ModelKind[];
  /** Folds of cross-validation, or 1 for a single split. */
  readonly folds: number;
  /** With a single split: the share of the training rows each candidate is scored on. */
  readonly validationFraction: number;
  /** Most rows a candidate is fitted on while screening. */
  readonly maxScreenRows: number;
}

/** Screening fits at most this many cells (rows × model inputs) per candidate. */
export const SCREEN_CELLS = 2_000_000;
/** Screening always may use this many rows, however wide the table. */
export const MIN_SCREEN_ROWS = 5_000;
/** Share of the training rows that scores the candidates after a single split. */
export const SELECTION_FRACTION = 0.2;
/** Fewer training rows than this are cross-validated. */
export const CROSS_VALIDATE_BELOW = 1_000;
/** Folds of that cross-validation. */
export const CROSS_VALIDATION_FOLDS = 5;

/**
 * The plan for `trainRows` training rows of `width` model inputs: every
 * family (but the trees when `table` has a free-text column: thousands of
 * sparse tf-idf inputs are the linear model's and the MLP's ground); 5-fold
 * cross-validation under 1,000 rows, else 20% of the rows to score on; at
 * most max(5,000, 2,000,000 / width) rows to screen each candidate on.
 */
export function autoPlan(
  trainRows: number,
  width: number,
  table?: Pick<TrainingTable, "text">,
): AutoPlan {
  const text = (table?.text?.length ?? 0) > 0;
  return {
    candidates: text ? MODEL_KINDS.filter((kind) => kind !== "trees") : MODEL_KINDS,
    folds: trainRows < CROSS_VALIDATE_BELOW ? CROSS_VALIDATION_FOLDS : 1,
    validationFraction: SELECTION_FRACTION,
    maxScreenRows: Math.max(MIN_SCREEN_ROWS, Math.floor(SCREEN_CELLS / Math.max(1, width))),
  };
}

/** How a selection reports: log lines and live steps. */
export interface SelectionHooks {
  /** One line per candidate and one for the choice. */
  readonly say: (line: string) => void;
  /** Every step of every candidate, named by `candidate`. */
  readonly onStep?: (step: TrainingStep) => void;
}

/** The fitting rows, at most `limit` of them (a seeded subsample, ascending). */
function capRows(rows: readonly number[], limit: number, seed: number): readonly number[] {
  if (rows.length <= limit) return rows;
  const shuffled = shuffleInPlace([...rows], seededRandom(seed ^ 0x3c6ef372));
  return shuffled.slice(0, limit).sort((a, b) => a - b);
}

/** The plan's folds: cross-validation folds, or the one capped split. */
function foldsOf(
  plan: AutoPlan,
  seed: number,
  crossValidate: (k: number, seed: number) => Fold[],
  split: (fraction: number, seed: number) => Fold,
): Fold[] {
  const mixed = seed ^ 0x2545f491;
  if (plan.folds > 1) return crossValidate(plan.folds, mixed);
  const once = split(plan.validationFraction, mixed);
  return [{ fit: capRows(once.fit, plan.maxScreenRows, seed), validation: once.validation }];
}

/** A candidate's figures and its per-row gains (their mean is the score, up to a constant). */
interface Evaluation {
  readonly score: number;
  readonly loss: number;
  readonly gains: Float64Array;
}

/** Standard error of the mean of `a[i] - b[i]`. */
function pairedStandardError(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i] - b[i];
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (a[i] - b[i] - mean) ** 2;
  return Math.sqrt(squares / (n - 1) / n);
}

/**
 * The one-standard-error rule over the fitted candidates (in plan order):
 * the best score, then the first candidate within one paired standard error
 * of it.
 */
function chooseCandidate(
  fitted: readonly { readonly kind: ModelKind; readonly evaluation: Evaluation }[],
): { best: ModelKind; chosen: ModelKind } {
  let best = fitted[0];
  for (const entry of fitted) if (entry.evaluation.score > best.evaluation.score) best = entry;
  const chosen = fitted.find((entry) =>
    best.evaluation.score - entry.evaluation.score <=
      pairedStandardError(best.evaluation.gains, entry.evaluation.gains)
  ) ?? best;
  return { best: best.kind, chosen: chosen.kind };
}

type Names = Pick<ModelSelection, "metric" | "lossName">;
type StepListener = ((step: TrainingStep) => void) | undefined;

/**
 * Runs every candidate through `evaluate` (which fits it on each fold and
 * scores the pooled validation rows), logs each, and returns the selection.
 */
function select(
  plan: AutoPlan,
  folds: readonly Fold[],
  names: Names,
  hooks: SelectionHooks,
  evaluate: (kind: ModelKind, onStep: (fold: number) => StepListener) => Evaluation,
): ModelSelection {
  const validationRows = folds.reduce((sum, fold) => sum + fold.validation.length, 0);
  if (folds.some((fold) => fold.validation.length === 0 || fold.fit.length === 0)) {
    throw badRequest("too few training rows to choose a model (--model auto); name one");
  }
  const fitRows = folds[0].fit.length;
  const how = folds.length > 1
    ? `${folds.length}-fold cross-validation over ${validationRows} rows`
    : `fitted on ${fitRows} rows, scored on ${validationRows}`;
  const total = plan.candidates.length;
  const candidates: CandidateScore[] = [];
  const fitted: { kind: ModelKind; evaluation: Evaluation }[] = [];
  plan.candidates.forEach((kind, index) => {
    const candidate = `${kind} (${index + 1}/${total})`;
    hooks.say(`auto: candidate ${candidate}: ${how}`);
    const onStep = (fold: number): StepListener => {
      const name = folds.length > 1 ? `${candidate}, fold ${fold + 1}/${folds.length}` : candidate;
      return hooks.onStep && ((step) => hooks.onStep!({ ...step, candidate: name }));
    };
    let result: CandidateScore;
    try {
      const evaluation = evaluate(kind, onStep);
      fitted.push({ kind, evaluation });
      result = { kind, score: evaluation.score, loss: evaluation.loss };
    } catch (error) {
      if (!(error instanceof RuntimeError) || error.kind !== "bad_request") throw error;
      result = { kind, score: NaN, loss: NaN, failed: error.message };
    }
    candidates.push(result);
    hooks.say(
      result.failed === undefined
        ? `auto: ${kind}: validation ${names.metric} ${result.score.toFixed(4)}, ` +
          `${names.lossName} ${result.loss.toFixed(4)}`
        : `auto: ${kind} could not be fitted: ${result.failed}`,
    );
  });
  if (fitted.length === 0) {
    throw badRequest(`no candidate model could be fitted: ${candidates[0].failed}`);
  }
  const { best, chosen } = chooseCandidate(fitted);
  const scoreOf = (kind: ModelKind) =>
    candidates.find((candidate) => candidate.kind === kind)!.score.toFixed(4);
  hooks.say(
    `auto: chose ${chosen} (validation ${names.metric} ${scoreOf(chosen)}` +
      (best === chosen
        ? ", the best)"
        : `, within one standard error of ${best}'s ${scoreOf(best)}, and simpler)`),
  );
  return {
    ...names,
    folds: folds.length,
    fitRows,
    validationRows,
    candidates,
    best,
    chosen,
  };
}

/**
 * Chooses the classifier family for the `train` rows of a classification
 * `table` (already imputed): each candidate of `plan` is scored by its
 * accuracy (then log-loss) on rows it was not fitted on.
 */
export function selectClassifier(
  table: TrainingTable,
  train: readonly number[],
  hyper: SoftmaxHyperParameters,
  seed: number,
  plan: AutoPlan,
  hooks: SelectionHooks,
): ModelSelection {
  const classCount = table.classLabels.length;
  const folds = foldsOf(
    plan,
    seed,
    (k, mixed) => stratifiedFolds(train, table.targets, classCount, k, mixed),
    (fraction, mixed) =>
      stratifiedValidationSplit(train, table.targets, classCount, fraction, mixed),
  );
  const names: Names = { metric: "accuracy", lossName: "log-loss" };
  return select(plan, folds, names, hooks, (kind, onStep) => {
    let correct = 0;
    let logLoss = 0;
    let scored = 0;
    const gains: number[] = [];
    folds.forEach((fold, index) => {
      const split = { train: fold.fit, holdout: fold.validation };
      const fitted = fitModel(kind, table, split, hyper, seed, onStep(index));
      const p = fitted.predict(table.features, fold.validation);
      fold.validation.forEach((row, i) => {
        let predicted = 0;
        for (let c = 1; c < classCount; c++) {
          if (p[i * classCount + c] > p[i * classCount + predicted]) predicted = c;
        }
        if (predicted === table.targets[row]) correct++;
        gains.push(predicted === table.targets[row] ? 1 : 0);
        logLoss -= Math.log(Math.max(1e-15, p[i * classCount + table.targets[row]]));
        scored++;
      });
    });
    return {
      score: correct / scored,
      loss: logLoss / scored,
      gains: Float64Array.from(gains),
    };
  });
}

/**
 * Chooses the regressor family for the `train` rows of a regression
 * `table` (already imputed): each candidate of `plan` is scored by R² (then
 * RMSE) on rows it was not fitted on.
 */
export function selectRegressor(
  table: TrainingTable,
  train: readonly number[],
  seed: number,
  plan: AutoPlan,
  hooks: SelectionHooks,
): ModelSelection {
  const folds = foldsOf(
    plan,
    seed,
    (k, mixed) => randomFolds(train, k, mixed),
    (fraction, mixed) => randomValidationSplit(train, fraction, mixed),
  );
  const names: Names = { metric: "R²", lossName: "RMSE" };
  return select(plan, folds, names, hooks, (kind, onStep) => {
    const actual: number[] = [];
    const predicted: number[] = [];
    folds.forEach((fold, index) => {
      const split = { train: fold.fit, holdout: fold.validation };
      const fitted = fitRegressor(kind, table, split, seed, onStep(index));
      const values = fitted.predict(table.features, fold.validation);
      fold.validation.forEach((row, i) => {
        predicted.push(values[i]);
        actual.push(table.values[row]);
      });
    });
    const metrics = regressionMetrics(actual, predicted);
    // Per-row gains whose mean differences are R² differences: −error² / mean squared spread.
    let mean = 0;
    for (const value of actual) mean += value;
    mean /= actual.length;
    let spread = 0;
    for (const value of actual) spread += (value - mean) ** 2;
    spread = spread > 0 ? spread / actual.length : 1;
    const gains = Float64Array.from(actual, (value, i) => -((predicted[i] - value) ** 2) / spread);
    return { score: metrics.r2, loss: metrics.rmse, gains };
  });
}

/**
 * The step listener of the final fit: after a selection each step is named
 * `<family> (final fit)`; without one the steps pass unchanged.
 */
export function finalFitSteps(
  onStep: ((step: TrainingStep) => void) | undefined,
  kind: ModelKind,
  selection: ModelSelection | undefined,
): ((step: TrainingStep) => void) | undefined {
  if (onStep === undefined || selection === undefined) return onStep;
  const candidate = `${kind} (final fit)`;
  return (step) => onStep({ ...step, candidate });
}
