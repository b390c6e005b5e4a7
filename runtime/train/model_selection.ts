/**
 * `--model auto`: choose the model family on the data. The training rows
 * are split once more (seeded; stratified for a classification): every
 * candidate family is fitted on the larger part, exactly as `--model
 * <family>` fits, and scored on the other (accuracy, ties broken by the lower
 * log-loss; R² for a regression), and the best is then refitted by the
 * caller on all training rows. The work is fixed once at the start from the
 * data size ({@link autoPlan}): the candidates, the share that validates, and
 * at most so many rows × inputs to screen on (a larger fitting part is
 * subsampled, seeded). Each candidate's own work is capped in steps (epochs,
 * rounds, iterations), never in time, so the same data and seed choose the
 * same family on any machine.
 *
 * @module
 */
import { badRequest, RuntimeError } from "../base/errors.ts";
import { fitModel } from "./fit_model.ts";
import { fitRegressor } from "./fit_regressor.ts";
import { randomValidationSplit, stratifiedValidationSplit } from "./holdout_split.ts";
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
  /** Share of the training rows each candidate is scored on. */
  readonly validationFraction: number;
  /** Most rows a candidate is fitted on while screening. */
  readonly maxScreenRows: number;
}

/** Screening fits at most this many cells (rows × model inputs) per candidate. */
export const SCREEN_CELLS = 2_000_000;
/** Screening always may use this many rows, however wide the table. */
export const MIN_SCREEN_ROWS = 5_000;
/** Share of the training rows that scores the candidates. */
export const SELECTION_FRACTION = 0.2;

/**
 * The plan for a table of `width` model inputs: every family, 20% of the
 * training rows to score on, and at most max(5,000, 2,000,000 / width)
 * rows to screen each candidate on.
 */
export function autoPlan(width: number): AutoPlan {
  return {
    candidates: MODEL_KINDS,
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

/** True when `a` beats `b` (higher score, then lower loss); NaN never wins. */
function better(a: CandidateScore, b: CandidateScore | undefined): boolean {
  if (!Number.isFinite(a.score)) return false;
  if (b === undefined || !Number.isFinite(b.score)) return true;
  if (a.score !== b.score) return a.score > b.score;
  return a.loss < b.loss;
}

/** Runs every candidate through `score`, logs each, and returns the selection. */
function select(
  plan: AutoPlan,
  parts: { readonly fit: readonly number[]; readonly validation: readonly number[] },
  names: {
    readonly metric: ModelSelection["metric"];
    readonly lossName: ModelSelection["lossName"];
  },
  hooks: SelectionHooks,
  score: (
    kind: ModelKind,
    onStep: ((step: TrainingStep) => void) | undefined,
  ) => { score: number; loss: number },
): ModelSelection {
  if (parts.validation.length === 0) {
    throw badRequest("too few training rows to choose a model (--model auto); name one");
  }
  const total = plan.candidates.length;
  const candidates: CandidateScore[] = [];
  let best: CandidateScore | undefined;
  plan.candidates.forEach((kind, index) => {
    const candidate = `${kind} (${index + 1}/${total})`;
    hooks.say(
      `auto: fitting candidate ${candidate} on ${parts.fit.length} rows, scoring on ` +
        `${parts.validation.length}`,
    );
    const onStep = hooks.onStep && ((step: TrainingStep) => hooks.onStep!({ ...step, candidate }));
    let result: CandidateScore;
    try {
      result = { kind, ...score(kind, onStep) };
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
    if (better(result, best)) best = result;
  });
  if (best === undefined) {
    throw badRequest(`no candidate model could be fitted: ${candidates[0].failed}`);
  }
  hooks.say(`auto: chose ${best.kind} (validation ${names.metric} ${best.score.toFixed(4)})`);
  return {
    ...names,
    fitRows: parts.fit.length,
    validationRows: parts.validation.length,
    candidates,
    chosen: best.kind,
  };
}

/** Mean negative log-probability of the true class (probabilities floored at 1e-15). */
function logLoss(probabilities: Float64Array, targets: ArrayLike<number>, classCount: number) {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    sum -= Math.log(Math.max(1e-15, probabilities[i * classCount + targets[i]]));
  }
  return targets.length === 0 ? 0 : sum / targets.length;
}

/**
 * Chooses the classifier family for the `train` rows of a classification
 * `table` (already imputed): each candidate of `plan` is fitted on a
 * stratified 80% of them and scored by accuracy on the rest.
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
  const split = stratifiedValidationSplit(
    train,
    table.targets,
    classCount,
    plan.validationFraction,
    seed ^ 0x2545f491,
  );
  const parts = { fit: capRows(split.fit, plan.maxScreenRows, seed), validation: split.validation };
  const targets = Int32Array.from(parts.validation, (row) => table.targets[row]);
  return select(plan, parts, { metric: "accuracy", lossName: "log-loss" }, hooks, (kind, step) => {
    const fitted = fitModel(
      kind,
      table,
      { train: parts.fit, holdout: parts.validation },
      hyper,
      seed,
      step,
    );
    const probabilities = fitted.predict(table.features, parts.validation);
    let correct = 0;
    for (let i = 0; i < targets.length; i++) {
      let predicted = 0;
      for (let c = 1; c < classCount; c++) {
        if (probabilities[i * classCount + c] > probabilities[i * classCount + predicted]) {
          predicted = c;
        }
      }
      if (predicted === targets[i]) correct++;
    }
    return {
      score: correct / targets.length,
      loss: logLoss(probabilities, targets, classCount),
    };
  });
}

/**
 * Chooses the regressor family for the `train` rows of a regression
 * `table` (already imputed): each candidate of `plan` is fitted on a random
 * 80% of them and scored by R² on the rest.
 */
export function selectRegressor(
  table: TrainingTable,
  train: readonly number[],
  seed: number,
  plan: AutoPlan,
  hooks: SelectionHooks,
): ModelSelection {
  const split = randomValidationSplit(train, plan.validationFraction, seed ^ 0x2545f491);
  const parts = { fit: capRows(split.fit, plan.maxScreenRows, seed), validation: split.validation };
  const actual = Float64Array.from(parts.validation, (row) => table.values[row]);
  return select(plan, parts, { metric: "R²", lossName: "RMSE" }, hooks, (kind, step) => {
    const fitted = fitRegressor(
      kind,
      table,
      { train: parts.fit, holdout: parts.validation },
      seed,
      step,
    );
    const metrics = regressionMetrics(actual, fitted.predict(table.features, parts.validation));
    return { score: metrics.r2, loss: metrics.rmse };
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
