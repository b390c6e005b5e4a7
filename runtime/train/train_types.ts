/**
 * The public shapes of a training run: what the caller asks for
 * ({@link TrainOptions}) and what it gets back ({@link TrainReport}).
 *
 * @module
 */
import type { Task } from "./label_column.ts";
import type { ClassificationMetrics } from "./metrics.ts";
import type { RegressionMetrics } from "./regression_metrics.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";

/**
/**
 * The model families the trainer fits: `linear` (multinomial logistic
 * regression for a classification, ridge for a regression), `mlp` and
 * `trees` (histogram gradient-boosted trees).
 */
export type ModelKind = "linear" | "mlp" | "trees";

/** Every model family, the default first. */
export const MODEL_KINDS: readonly ModelKind[] = ["linear", "mlp", "trees"];

/** Other names accepted for a family: `logreg` is the former name of `linear`. */
export const MODEL_ALIASES: Readonly<Record<string, ModelKind>> = { logreg: "linear" };

/** Choose the family on the data (the default): see model_selection.ts. */
export const AUTO_MODEL = "auto";

/** A family's name or alias, or `auto`. */
export type ModelName = ModelKind | "logreg" | "auto";

/** The family `name` (a family or an alias) stands for, or undefined. */
export function modelKindOf(name: string): ModelKind | undefined {
  if ((MODEL_KINDS as readonly string[]).includes(name)) return name as ModelKind;
  return Object.hasOwn(MODEL_ALIASES, name) ? MODEL_ALIASES[name] : undefined;
}

/** One candidate's validation figures. */
export interface CandidateScore {
  /** The family. */
  readonly kind: ModelKind;
  /** Validation accuracy (classification) or R² (regression); NaN when the fit failed. */
  readonly score: number;
  /** Validation log-loss (classification) or RMSE (regression); NaN when the fit failed. */
  readonly loss: number;
  /** Why the candidate could not be fitted, when it could not. */
  readonly failed?: string;
}

/** What `--model auto` tried and chose. */
export interface ModelSelection {
  /** The figure that decided: `accuracy` or `R²` (higher is better). */
  readonly metric: "accuracy" | "R²";
  /** The tie-breaker: `log-loss` or `RMSE` (lower is better). */
  readonly lossName: "log-loss" | "RMSE";
  /** Folds of cross-validation; 1 for a single validation split. */
  readonly folds: number;
  /** Rows each candidate was fitted on (per fold). */
  readonly fitRows: number;
  /** Rows each candidate was scored on (over all folds: every training row when cross-validated). */
  readonly validationRows: number;
  /** Every candidate, in the order tried. */
  readonly candidates: readonly CandidateScore[];
  /** The family with the best validation score. */
  readonly best: ModelKind;
  /**
   * The family chosen: the first candidate (simplest first) within one
   * standard error of the best score, often the best itself.
   */
  readonly chosen: ModelKind;
}

/**
 * What `name` asks for: a family (an alias resolved), `auto`, or undefined
 * when it is neither.
 */
export function modelChoiceOf(name: string): ModelKind | "auto" | undefined {
  return name === AUTO_MODEL ? AUTO_MODEL : modelKindOf(name);
}

/** What to train and where to write the bundle. */
export interface TrainOptions {
  /** The training CSV: a header row, numeric feature columns and a label column. */
  readonly csvPath: string;
  /** Bundle root; the bundle is written to `<outDir>/<bundleVersion>/`. */
  readonly outDir: string;
  /** Model name; the CSV file name without extension when absent. */
  readonly name?: string;
  /** Bundle version x.y.z; `0.1.0` when absent. */
  readonly bundleVersion?: string;
  /** Name of the label column; the last column when absent. */
  readonly label?: string;
  /** Replace an existing non-empty `<outDir>/<bundleVersion>/`. */
  readonly force?: boolean;
  /** Seed of the holdout split; {@link DEFAULT_SEED} when absent. */
  readonly seed?: number;
  /** Receives one human-readable line per training step. */
  readonly progress?: (line: string) => void;
  /** Model family (or alias), or `auto` (the default) to choose one on the data. */
  readonly model?: ModelName;
  /** Classification or regression; guessed from the label column when absent. */
  readonly task?: Task;
  /** The CSV text itself; when given, `csvPath` only names it (e.g. `inline.csv`). */
  readonly csvText?: string;
  /** Hears every optimiser iteration or epoch (for progress bars). */
  readonly onStep?: (step: TrainingStep) => void;
  /** Hears the CSV being read: bytes read so far and the file's size. */
  readonly onRead?: (bytesRead: number, totalBytes: number) => void;
}

/** Seed used when the caller gives none. */
export const DEFAULT_SEED = 42;
/** Bundle version used when the caller gives none. */
export const DEFAULT_BUNDLE_VERSION = "0.1.0";
/** Share of each class kept back for validation. */
export const HOLDOUT_FRACTION = 0.2;

/** Wall-clock durations of the training steps, in milliseconds. */
export interface TrainTimings {
  /** Reading and validating the CSV. */
  readonly readMs: number;
  /** Fitting the model (standardisation and optimisation). */
  readonly fitMs: number;
  /** Encoding the ONNX model and checking it in onnxruntime. */
  readonly exportMs: number;
  /** Writing the bundle. */
  readonly writeMs: number;
  /** The whole run. */
  readonly totalMs: number;
}

/** What every finished training run reports. */
export interface TrainReportBase {
  /** Model name written into model.yaml. */
  readonly name: string;
  /** Bundle version. */
  readonly version: string;
  /** Feature column names, in model input order. */
  readonly featureNames: readonly string[];
  /** Data rows read, rows trained on and rows held out. */
  readonly rows: { readonly total: number; readonly train: number; readonly holdout: number };
  /** Seed of the split. */
  readonly seed: number;
  /** Optimiser iterations and whether it converged. */
  readonly optimizer: { readonly iterations: number; readonly converged: boolean };
  /** Why the task is what it is, in words. */
  readonly taskRule: string;
  /** Model family fitted. */
  readonly model: ModelKind;
  /** What `--model auto` tried and chose; absent when a family was named. */
  readonly selection?: ModelSelection;
  /** Empty numeric cells imputed, per column that had any. */
  readonly imputed: Readonly<Record<string, number>>;
  /** Loss and validation accuracy (R² for a regression) per step. */
  readonly curve: TrainingCurve;
  /** Largest difference between onnxruntime and the trainer on the holdout rows. */
  readonly exportMaxDifference: number;
  /** Durations of the steps. */
  readonly timings: TrainTimings;
  /** Where things were written. */
  readonly paths: {
    /** The bundle version folder. */
    readonly bundleDir: string;
    /** model.onnx. */
    readonly model: string;
    /** model.yaml. */
    readonly modelYaml: string;
    /** The test case folders. */
    readonly testCases: readonly string[];
  };
}

/** What a finished classification run reports. */
export interface ClassificationReport extends TrainReportBase {
  /** The task. */
  readonly task: "classification";
  /** Class labels, in model output order. */
  readonly classLabels: readonly string[];
  /** Holdout quality figures. */
  readonly metrics: ClassificationMetrics;
}

/** What a finished regression run reports. */
export interface RegressionReport extends TrainReportBase {
  /** The task. */
  readonly task: "regression";
  /** Holdout quality figures. */
  readonly metrics: RegressionMetrics;
  /** The target's mean and scale on the training rows (prediction = raw * scale + mean). */
  readonly target: { readonly mean: number; readonly scale: number };
}

/** What a finished training run reports, by task. */
export type TrainReport = ClassificationReport | RegressionReport;
