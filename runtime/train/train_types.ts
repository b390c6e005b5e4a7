/**
 * The public shapes of a training run: what the caller asks for
 * ({@link TrainOptions}) and what it gets back ({@link TrainReport}).
 *
 * @module
 */
import type { ClassificationMetrics } from "./metrics.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";

/**
 * The model families the trainer fits: multinomial logistic regression, a
 * small MLP, gradient-boosted trees.
 */
export type ModelKind = "logreg" | "mlp" | "trees";

/** Every model family, the default first. */
export const MODEL_KINDS: readonly ModelKind[] = ["logreg", "mlp", "trees"];

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
  /** Model family; `logreg` (multinomial logistic regression) when absent. */
  readonly model?: ModelKind;
  /** The CSV text itself; when given, `csvPath` only names it (e.g. `inline.csv`). */
  readonly csvText?: string;
  /** Hears every optimiser iteration or epoch (for progress bars). */
  readonly onStep?: (step: TrainingStep) => void;
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

/** What a finished training run reports. */
export interface TrainReport {
  /** Model name written into model.yaml. */
  readonly name: string;
  /** Bundle version. */
  readonly version: string;
  /** Feature column names, in model input order. */
  readonly featureNames: readonly string[];
  /** Class labels, in model output order. */
  readonly classLabels: readonly string[];
  /** Data rows read, rows trained on and rows held out. */
  readonly rows: { readonly total: number; readonly train: number; readonly holdout: number };
  /** Seed of the split. */
  readonly seed: number;
  /** Optimiser iterations and whether it converged. */
  readonly optimizer: { readonly iterations: number; readonly converged: boolean };
  /** Holdout quality figures. */
  readonly metrics: ClassificationMetrics;
  /** Model family fitted. */
  readonly model: ModelKind;
  /** Empty numeric cells imputed, per column that had any. */
  readonly imputed: Readonly<Record<string, number>>;
  /** Loss and validation accuracy per step. */
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
