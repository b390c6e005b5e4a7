/**
 * The messages between the training job manager and its Web Worker: one
 * request in, progress lines and steps out, then exactly one `done` or
 * `failed`. Plain structured-clone data.
 *
 * @module
 */
import type { ErrorKind } from "../base/errors.ts";
import type { ClassificationMetrics } from "../train/metrics.ts";

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
  /** Model family (`logreg`, `mlp`, `trees`) or a trainable module id. */
  readonly model?: string;
  /** Seed. */
  readonly seed?: number;
  /** Bundle version. */
  readonly version?: string;
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
  }
  | { readonly type: "failed"; readonly kind: ErrorKind; readonly message: string };
