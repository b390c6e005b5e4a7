/**
 * Training jobs of a running server: queued, run a bounded number at a time,
 * each in its own Web Worker so serving is never blocked; a completed model
 * is moved into `<trainingDir>/<name>/` and registered (origin `training`)
 * in the server's {@link ModelRegistry}, so every door can serve it. A job
 * submitted with `perJob` instead gets its own `<trainingDir>/<trainingId>/
 * <name>/` (the saved model folder itself, completed by the caller's hook),
 * may reuse a name, and is served only when the name is free or it may
 * replace the model served. A job that fails or is cancelled leaves no
 * folder. Protocol-free: the training doors only translate to and from
 * this class.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { badRequest, notFound, RuntimeError } from "../base/errors.ts";
import { requireReadable } from "../base/read_access.ts";
import type { Logger } from "../base/log.ts";
import { type Task, TASKS } from "../train/label_column.ts";
import type { TrainingJobMessage, TrainingJobRequest } from "./training_job_messages.ts";
import { isTrainableModel } from "./train_any.ts";
import { type ModelHostFactory, modelHostFactory } from "./model_host_factory.ts";
import { pathExists, placeJobFolder, removeFolder, STAGED_BUNDLE } from "./job_folder.ts";
import { requireSafeModelName } from "../core/model_names.ts";
import type { ModelRegistry } from "../core/registry.ts";
import type {
  FolderCompleter,
  PerJobFolder,
  TrainedFolder,
  TrainingJobStatus,
  TrainingState,
  TrainingSubmission,
} from "./training_job_types.ts";
import { loadTrainedModel } from "./trained_model.ts";

/** How the job manager works. */
export interface TrainingJobsOptions {
  /** Where completed models are written (`<trainingDir>/<name>/<version>/`). */
  readonly trainingDir: string;
  /** The registry completed models are added to. */
  readonly registry: ModelRegistry;
  /** Jobs running at once; 2 when absent. */
  readonly concurrency?: number;
  /** Where to log. */
  readonly log: Logger;
  /**
   * Builds the host of every completed model (batching, batch metrics), the
   * same factory as the server's other models'; default: batching on,
   * logging to `log`, batches not observed.
   */
  readonly hosts?: ModelHostFactory;
  /** Hears the number of jobs in each state after every change (metrics hook there). */
  readonly onCounts?: (counts: Readonly<Record<TrainingState, number>>) => void;
  /**
   * Runs once a trained model is served here, before its job is COMPLETED
   * (the serving workers load it everywhere); a throw leaves the job
   * COMPLETED with a notice saying why.
   */
  readonly onServed?: (model: TrainedFolder) => Promise<void>;
}

interface Job {
  status: TrainingJobStatus;
  readonly request: TrainingJobRequest;
  readonly perJob?: PerJobFolder;
  worker?: Worker;
  staging: string;
  /** Set while a finished model is being moved into place and registered. */
  settling?: Promise<void>;
}

const TERMINAL: ReadonlySet<TrainingState> = new Set(["COMPLETED", "ERRORED", "CANCELED"]);

/**
 * The job manager. A class because it owns workers, a queue and timers.
 *
 * @example
 * ```ts ignore
 * const jobs = new TrainingJobs({ trainingDir: "/models/trained", registry, log });
 * const { trainingId } = jobs.submit({ modelName: "news", csvPath: "/data/news.csv" });
 * console.log(jobs.status(trainingId).state); // "QUEUED" or "RUNNING"
 * ```
 */
export class TrainingJobs {
  readonly #jobs = new Map<string, Job>();
  readonly #queue: string[] = [];
  readonly #options: TrainingJobsOptions;
  readonly #trainingDir: string;
  readonly #hosts: ModelHostFactory;
  readonly #completers = new Map<string, FolderCompleter>();
  #running = 0;
  #closed = false;
  readonly #settled = new Set<Promise<void>>();

  /** Creates the manager; nothing runs until a job is submitted. */
  constructor(options: TrainingJobsOptions) {
    this.#options = options;
    this.#trainingDir = resolve(options.trainingDir);
    this.#hosts = options.hosts ?? modelHostFactory({ log: options.log });
  }

  /** Registers the folder completer `name` (see {@link PerJobFolder.completer}). */
  addCompleter(name: string, complete: FolderCompleter): void {
    this.#completers.set(name, complete);
  }

  /**
   * Validates and queues a job; answers at once with its id and the
   * model name. Throws `bad_request` for a missing name or data, an unknown
   * model family, a CSV path this server may not read (naming how to let
   * it), or a name already served, being trained, or on disk.
   */
  submit(submission: TrainingSubmission): { trainingId: string; modelName: string } {
    if (this.#closed) throw new RuntimeError("not_ready", "the server is stopping");
    if (submission.csvText === undefined && submission.csvPath) {
      requireReadable(resolve(submission.csvPath), "training data");
    }
    const modelName = requireSafeModelName(submission.modelName, "model_name");
    const records = submission.records;
    if ((submission.csvPath ?? "") === "" && submission.csvText === undefined && !records) {
      throw badRequest("training data is required: a CSV path on the server or the CSV bytes");
    }
    const model = submission.model === undefined || submission.model === ""
      ? undefined
      : submission.model;
    if (!isTrainableModel(model)) {
      throw badRequest(
        `model '${model}' is not auto, linear, mlp, trees or a module that can train`,
      );
    }
    const task = submission.task === undefined || submission.task === ""
      ? undefined
      : submission.task;
    if (task !== undefined && !(TASKS as readonly string[]).includes(task)) {
      throw badRequest(`task '${task}' is not one of ${TASKS.join(", ")}`);
    }
    if (!submission.perJob) this.#checkNameFree(modelName);
    const completer = submission.perJob?.completer;
    if (completer !== undefined && !this.#completers.has(completer)) {
      throw new RuntimeError("internal", `no folder completer '${completer}' is registered`);
    }
    const trainingId = crypto.randomUUID();
    const staging = join(this.#trainingDir, `.training-${trainingId}`);
    const request: TrainingJobRequest = {
      name: modelName,
      outDir: submission.perJob ? join(staging, STAGED_BUNDLE) : staging,
      csvPath: records
        ? ("files" in records ? records.files[0]?.path ?? "training_data" : "training_data")
        : submission.csvText === undefined
        ? resolve(submission.csvPath!)
        : "inline.csv",
      csvText: submission.csvText,
      label: submission.label || undefined,
      model,
      task: task as Task | undefined,
      seed: submission.seed,
      version: submission.version || undefined,
      records,
      moduleParams: submission.moduleParams,
      scratchDir: staging,
    };
    this.#jobs.set(trainingId, {
      request,
      staging,
      perJob: submission.perJob,
      status: {
        trainingId,
        modelName,
        state: "QUEUED",
        submittedAt: new Date(),
        progress: 0,
        message: "queued",
      },
    });
    this.#queue.push(trainingId);
    this.#reportCounts();
    this.#options.log.info("training queued", { trainingId, model: modelName });
    this.#pump();
    return { trainingId, modelName };
  }

  /** Throws `bad_request` when `modelName` is served, being or already trained, or on disk. */
  #checkNameFree(modelName: string): void {
    if (this.#options.registry.has(modelName)) {
      throw badRequest(`a model named '${modelName}' is already being served`);
    }
    for (const job of this.#jobs.values()) {
      if (
        job.status.modelName === modelName && job.status.state !== "ERRORED" &&
        job.status.state !== "CANCELED"
      ) {
        throw badRequest(
          `model '${modelName}' is already being trained or was trained (job ` +
            `${job.status.trainingId})`,
        );
      }
    }
    if (pathExists(join(this.#trainingDir, modelName))) {
      throw badRequest(`${join(this.#trainingDir, modelName)} already exists`);
    }
  }

  /** The status of job `trainingId`; an unknown id is `not_found`. */
  status(trainingId: string): TrainingJobStatus {
    return this.#job(trainingId).status;
  }

  /** Every job's status, oldest first. */
  list(): TrainingJobStatus[] {
    return [...this.#jobs.values()].map((job) => job.status);
  }

  /**
   * Cancels job `trainingId`: a queued job never starts, a running one's
   * worker is terminated and its staging folder removed. A finished job is
   * left as it is. Returns the status after cancelling.
   */
  async cancel(trainingId: string): Promise<TrainingJobStatus> {
    const job = this.#job(trainingId);
    if (job.settling) await job.settling;
    if (TERMINAL.has(job.status.state)) return job.status;
    const wasRunning = job.status.state === "RUNNING";
    job.worker?.terminate();
    job.worker = undefined;
    const queued = this.#queue.indexOf(trainingId);
    if (queued >= 0) this.#queue.splice(queued, 1);
    this.#finish(job, { state: "CANCELED", message: "cancelled" });
    await removeFolder(job.staging);
    if (wasRunning) {
      this.#running--;
      this.#pump();
    }
    return job.status;
  }

  /** Cancels every unfinished job and waits for completions being registered. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of [...this.#jobs.values()]) {
      if (!TERMINAL.has(job.status.state)) await this.cancel(job.status.trainingId);
    }
    await Promise.all([...this.#settled]);
  }

  #job(trainingId: string): Job {
    const job = this.#jobs.get(trainingId);
    if (!job) throw notFound(`no training job '${trainingId}'`);
    return job;
  }

  #update(job: Job, change: Partial<TrainingJobStatus>): void {
    const before = job.status.state;
    job.status = { ...job.status, ...change };
    if (job.status.state !== before) this.#reportCounts();
  }

  #reportCounts(): void {
    const counts: Record<TrainingState, number> = {
      QUEUED: 0,
      RUNNING: 0,
      COMPLETED: 0,
      ERRORED: 0,
      CANCELED: 0,
    };
    for (const job of this.#jobs.values()) counts[job.status.state]++;
    this.#options.onCounts?.(counts);
  }

  #finish(job: Job, change: Partial<TrainingJobStatus>): void {
    this.#update(job, { ...change, finishedAt: new Date() });
    const { trainingId, modelName, state } = job.status;
    this.#options.log.info("training ended", {
      trainingId,
      model: modelName,
      state,
      ...(job.status.error ? { reason: job.status.error } : {}),
    });
  }

  #pump(): void {
    const limit = Math.max(1, this.#options.concurrency ?? 2);
    while (!this.#closed && this.#running < limit && this.#queue.length > 0) {
      const job = this.#jobs.get(this.#queue.shift()!)!;
      this.#running++;
      this.#start(job);
    }
  }

  #start(job: Job): void {
    this.#update(job, { state: "RUNNING", startedAt: new Date(), message: "starting" });
    const worker = new Worker(new URL("./training_worker.ts", import.meta.url), {
      type: "module",
    });
    job.worker = worker;
    worker.onmessage = (event: MessageEvent<TrainingJobMessage>) => {
      if (job.worker !== worker) return;
      const message = event.data;
      if (message.type === "line") this.#update(job, { message: message.line });
      else if (message.type === "step") {
        this.#update(job, {
          message: message.line,
          progress: Math.max(job.status.progress, 0.05 + 0.85 * Math.min(1, message.fraction)),
        });
      } else {
        worker.terminate();
        job.worker = undefined;
        this.#settleInBackground(job, message);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (job.worker !== worker) return;
      worker.terminate();
      job.worker = undefined;
      this.#settleInBackground(job, {
        type: "failed",
        kind: "internal",
        message: `the training worker crashed: ${event.message}`,
      });
    };
    worker.postMessage(job.request);
  }

  /** Settles `job` (see {@link TrainingJobs.#settle}); cancel and close wait for it. */
  #settleInBackground(
    job: Job,
    message: Extract<TrainingJobMessage, { type: "done" | "failed" }>,
  ): void {
    const settled = this.#settle(job, message).finally(() => {
      this.#settled.delete(settled);
      job.settling = undefined;
      this.#running--;
      this.#pump();
    });
    job.settling = settled;
    this.#settled.add(settled);
  }

  /** Moves a finished model into place and registers it, or records the failure. */
  async #settle(
    job: Job,
    message: Extract<TrainingJobMessage, { type: "done" | "failed" }>,
  ): Promise<void> {
    if (message.type === "failed") {
      await removeFolder(job.staging);
      this.#finish(job, { state: "ERRORED", error: message.message, message: "failed" });
      return;
    }
    if (job.perJob) return await this.#settlePerJob(job, job.perJob, message);
    const target = join(this.#trainingDir, job.status.modelName);
    let moved = false;
    try {
      await Deno.rename(job.staging, target);
      moved = true;
      const model = { name: job.status.modelName, folder: target, anyFolderName: false };
      const host = await loadTrainedModel(this.#hosts, model);
      this.#options.registry.add({
        name: model.name,
        version: host.bundle.spec.version,
        host,
        origin: "training",
      });
      this.#finish(job, {
        ...await this.#announce(model),
        state: "COMPLETED",
        progress: 1,
        message: "completed",
        metrics: message.metrics,
        regressionMetrics: message.regressionMetrics,
        model: message.model,
        bundleDir: join(target, message.version),
      });
    } catch (error) {
      await removeFolder(moved ? target : job.staging);
      const reason = error instanceof Error ? error.message : String(error);
      this.#finish(job, { state: "ERRORED", error: `cannot serve the trained model: ${reason}` });
    }
  }

  /**
   * Places a `perJob` model in `<trainingDir>/<trainingId>/<name>/` and
   * serves it when its name is free (or it may replace the model served).
   */
  async #settlePerJob(
    job: Job,
    perJob: PerJobFolder,
    message: Extract<TrainingJobMessage, { type: "done" }>,
  ): Promise<void> {
    const { trainingId, modelName: name } = job.status;
    const registry = this.#options.registry;
    let target: string | null = null;
    try {
      target = await placeJobFolder({
        staging: job.staging,
        stagedVersion: join(job.staging, STAGED_BUNDLE, message.version),
        target: join(this.#trainingDir, trainingId),
        name,
        completeFolder: perJob.completer ? this.#completers.get(perJob.completer) : undefined,
      });
      const { metrics, model: family } = message;
      const done = { state: "COMPLETED", progress: 1, metrics, model: family, bundleDir: target };
      const taken = registry.has(name) ? registry.get(name) : null;
      if (taken && !perJob.replaceServed) {
        const setting = perJob.replaceSetting ? ` (${perJob.replaceSetting} replaces it)` : "";
        const notice = `saved to ${target} but not served: a ${taken.origin} model named ` +
          `'${name}' is already served${setting}`;
        this.#finish(job, { ...done, state: "COMPLETED", message: notice, notice });
        return;
      }
      const model = { name, folder: target, anyFolderName: true };
      const host = await loadTrainedModel(this.#hosts, model);
      if (registry.has(name)) await registry.remove(name);
      registry.add({ name, version: host.bundle.spec.version, host, origin: "training" });
      this.#finish(job, {
        ...done,
        state: "COMPLETED",
        message: "completed",
        ...await this.#announce(model),
      });
    } catch (error) {
      await removeFolder(job.staging);
      if (target !== null) await removeFolder(join(this.#trainingDir, trainingId));
      const reason = error instanceof Error ? error.message : String(error);
      this.#finish(job, { state: "ERRORED", error: `cannot serve the trained model: ${reason}` });
    }
  }

  /** Runs the `onServed` hook for `model`; its failure becomes the job's notice. */
  async #announce(model: TrainedFolder): Promise<{ notice?: string }> {
    try {
      await this.#options.onServed?.(model);
      return {};
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { notice: `served here, but ${reason}` };
    }
  }
}
