/**
 * What a training job is to its clients: what is submitted, where a
 * `perJob` model goes, and the status every door reports.
 *
 * @module
 */
import type { ClassificationMetrics } from "../train/metrics.ts";
import type { RegressionMetrics } from "../train/regression_metrics.ts";
import type { RecordSource } from "../train/record_files.ts";

/** A job's life: QUEUED -> RUNNING -> COMPLETED | ERRORED | CANCELED. */
export type TrainingState = "QUEUED" | "RUNNING" | "COMPLETED" | "ERRORED" | "CANCELED";

/** What a client asks to train. */
export interface TrainingSubmission {
  /** Model name, kept as given (runtime/core/model_names.ts); the folder and registry name. */
  readonly modelName: string;
  /** A CSV path readable by the server. */
  readonly csvPath?: string;
  /** Or the CSV's text. */
  readonly csvText?: string;
  /** Label column. */
  readonly label?: string;
  /** Model family. */
  readonly model?: string;
  /** `classification` or `regression`; empty or absent: guessed from the label column. */
  readonly task?: string;
  /** Seed. */
  readonly seed?: number;
  /** Bundle version. */
  readonly version?: string;
  /** Training records (inline or files) instead of a CSV; for lifecycle modules. */
  readonly records?: RecordSource;
  /** More string parameters for a lifecycle module's `train`. */
  readonly moduleParams?: Readonly<Record<string, string>>;
  /** Gives the job its own folder (see {@link PerJobFolder}); absent: `<dir>/<name>/`. */
  readonly perJob?: PerJobFolder;
}

/**
 * Where a `perJob` job's model goes and when it is served: into
 * `<trainingDir>/<trainingId>/<name>/`, whatever other job used the name.
 */
export interface PerJobFolder {
  /** Serve the model even when a model of that name is served (it is replaced). */
  readonly replaceServed?: boolean;
  /** Named in the notice when the model is not served, e.g. `replaceServed`. */
  readonly replaceSetting?: string;
  /**
   * The name of a folder completer registered with the job manager
   * ({@link FolderCompleter}), run on the complete saved model folder before
   * it is moved into place (e.g. writes another runtime's config file); a
   * throw fails the job. A name rather than a function, so a submission is
   * plain data that a serving worker can hand to the worker running the jobs.
   */
  readonly completer?: string;
}

/** Completes a saved model folder `dir` (see {@link PerJobFolder.completer}); a throw fails the job. */
export type FolderCompleter = (dir: string) => Promise<void>;

/** A trained model the job manager has just started serving. */
export interface TrainedFolder {
  /** The name it is served under. */
  readonly name: string;
  /** Its bundle folder (a bundle root or the saved model folder). */
  readonly folder: string;
  /** Whether the folder's name may differ from the model's (a per-job folder). */
  readonly anyFolderName: boolean;
}

/** A job's status, as every door reports it. */
export interface TrainingJobStatus {
  /** The job id. */
  readonly trainingId: string;
  /** URL-safe model name. */
  readonly modelName: string;
  /** State. */
  readonly state: TrainingState;
  /** When it was submitted. */
  readonly submittedAt: Date;
  /** When it started running. */
  readonly startedAt?: Date;
  /** When it ended. */
  readonly finishedAt?: Date;
  /** 0 to 1. */
  readonly progress: number;
  /** Latest progress line. */
  readonly message: string;
  /** Holdout metrics of a classifier once COMPLETED. */
  readonly metrics?: ClassificationMetrics;
  /** Holdout metrics of a regressor once COMPLETED. */
  readonly regressionMetrics?: RegressionMetrics;
  /** The tabular family trained once COMPLETED (`auto`'s choice); absent for a module. */
  readonly model?: string;
  /** Reason once ERRORED. */
  readonly error?: string;
  /** The bundle folder once COMPLETED. */
  readonly bundleDir?: string;
  /** A note on a COMPLETED job, e.g. that its model was saved but not served. */
  readonly notice?: string;
}
