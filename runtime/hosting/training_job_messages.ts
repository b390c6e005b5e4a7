/**
 * The messages between the training job manager and its Web Worker: one
 * request in, progress lines and steps out, then exactly one `done` or
 * `failed`. Plain structured-clone data.
 *
 * @module
 */
import type { ErrorKind } from "../base/errors.ts";
import type { Task } from "../train/label_column.ts";
import type { ClassificationMetrics } from "../train/metrics.ts";
import type { RegressionMetrics } from "../train/regression_metrics.ts";
import type { RecordSource } from "../train/record_files.ts";

/** What the worker is asked to train. */
export interface TrainingJobRequest {
  /** Model name written into model.yaml. */
  readonly name: string;
  /** Bundle root the worker writes `<version>/` into. */
  readonly outDir: string;
  /** CSV path (named in messages even when `csvText` is given). */
  readonly csvPath: string;
  /** The CSV text, when it came inline. */
  readonly csvText?: string;
  /** Label column. */
  readonly label?: string;
  /** Model family (`auto`, the default; `linear`, `mlp`, `trees`; alias `logreg`) or a trainable module id. */
  readonly model?: string;
  /** Classification or regression; guessed when absent. */
  readonly task?: Task;
  /** Seed. */
  readonly seed?: number;
  /** Bundle version. */
  readonly version?: string;
  /** Training records instead of the CSV (`csvPath` then only names them). */
  readonly records?: RecordSource;
  /** More string parameters for a lifecycle module's `train`. */
  readonly moduleParams?: Readonly<Record<string, string>>;
  /** Where a lifecycle module's scratch folders go (the job's staging folder). */
  readonly scratchDir?: string;
}

/** What the worker reports. */
export type TrainingJobMessage =
  | { readonly type: "line"; readonly line: string }
  | { readonly type: "step"; readonly fraction: number; readonly line: string }
  | {
    readonly type: "done";
    readonly bundleDir: string;
    readonly version: string;
    readonly metrics?: ClassificationMetrics;
    readonly regressionMetrics?: RegressionMetrics;
    /** The tabular family trained (`auto`'s choice); absent for a module. */
    readonly model?: string;
  }
  | { readonly type: "failed"; readonly kind: ErrorKind; readonly message: string };
