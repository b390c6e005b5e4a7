/**
 * The training jobs as every door that trains sees them (the runtime's
 * training service, Caikit train): submit, status and cancel, answered
 * asynchronously. A single process answers from its own
 * {@link TrainingJobs}. With serving workers (a {@link ServingGroup}) there
 * is one job list and each job runs once: the lead worker (worker 1) runs
 * the jobs, and the other workers hand every submit, status and cancel to
 * it; a model the lead has trained is loaded on every worker before its job
 * is COMPLETED (a worker that restarts loads it again).
 *
 * @module
 */
import { LEAD_WORKER, oneAnswer, type ServingGroup } from "../core/serving_group.ts";
import { type ModelHostFactory, modelHostFactory } from "./model_host_factory.ts";
import { loadTrainedModel } from "./trained_model.ts";
import { TrainingJobs, type TrainingJobsOptions } from "./training_jobs.ts";
import type {
  FolderCompleter,
  TrainedFolder,
  TrainingJobStatus,
  TrainingSubmission,
} from "./training_job_types.ts";

/** The training jobs as a door uses them. */
export interface TrainingDesk {
  /** Validates and queues a job (see {@link TrainingJobs.submit}). */
  submit(submission: TrainingSubmission): Promise<{ trainingId: string; modelName: string }>;
  /** The status of job `trainingId`; an unknown id is `not_found`. */
  status(trainingId: string): Promise<TrainingJobStatus>;
  /** Cancels job `trainingId` (see {@link TrainingJobs.cancel}). */
  cancel(trainingId: string): Promise<TrainingJobStatus>;
  /**
   * Registers the folder completer `name` where the jobs run (each worker's
   * doors register theirs; a worker whose jobs run on the lead keeps none).
   */
  addCompleter(name: string, complete: FolderCompleter): void;
}

/** The group operations of the training jobs. */
const SUBMIT_OP = "training.submit";
const STATUS_OP = "training.status";
const CANCEL_OP = "training.cancel";
const SERVE_OP = "training.serve";

/** A trained model to serve, as the lead tells the workers. */
interface ServeTrained extends TrainedFolder {
  /** The worker that trained it (it serves it already). */
  readonly from: number;
}

/** What {@link trainingDesk} makes: the desk for the doors and, where jobs run, the manager. */
export interface TrainingParts {
  /** The jobs run here, or null (a worker whose jobs run on the lead). */
  readonly jobs: TrainingJobs | null;
  /** The doors' view of the jobs. */
  readonly desk: TrainingDesk;
}

/**
 * The training jobs of a server made with `options`: this process's own,
 * or, with `group`, the lead's (see the module doc).
 */
export function trainingDesk(
  options: TrainingJobsOptions,
  group?: ServingGroup | null,
): TrainingParts {
  if (!group) {
    const jobs = new TrainingJobs(options);
    return { jobs, desk: localDesk(jobs) };
  }
  const hosts = options.hosts ?? modelHostFactory({ log: options.log });
  group.handle(SERVE_OP, (payload) => serveTrained(options, hosts, group, payload as ServeTrained));
  if (group.worker !== LEAD_WORKER) return { jobs: null, desk: leadDesk(group) };
  const jobs = new TrainingJobs({
    ...options,
    hosts,
    onServed: async (model) => {
      const outcomes = await group.everywhere(
        SERVE_OP,
        { ...model, from: group.worker } satisfies ServeTrained,
        `model:${model.name}`,
      );
      oneAnswer(outcomes, group.worker, `serving '${model.name}' on every worker`);
    },
  });
  group.handle(SUBMIT_OP, (payload) => Promise.resolve(jobs.submit(payload as TrainingSubmission)));
  group.handle(STATUS_OP, (payload) => Promise.resolve(jobs.status(payload as string)));
  group.handle(CANCEL_OP, (payload) => jobs.cancel(payload as string));
  return { jobs, desk: localDesk(jobs) };
}

/** A desk over this process's own jobs. */
export function localDesk(jobs: TrainingJobs): TrainingDesk {
  return {
    submit: (submission) => Promise.resolve().then(() => jobs.submit(submission)),
    status: (trainingId) => Promise.resolve().then(() => jobs.status(trainingId)),
    cancel: (trainingId) => jobs.cancel(trainingId),
    addCompleter: (name, complete) => jobs.addCompleter(name, complete),
  };
}

/** A desk that hands everything to the lead worker. */
function leadDesk(group: ServingGroup): TrainingDesk {
  return {
    submit: async (submission) =>
      await group.onLead(SUBMIT_OP, submission) as { trainingId: string; modelName: string },
    status: async (trainingId) => revived(await group.onLead(STATUS_OP, trainingId)),
    cancel: async (trainingId) => revived(await group.onLead(CANCEL_OP, trainingId)),
    addCompleter: () => {},
  };
}

/** A job status that came as JSON, its times Dates again. */
function revived(value: unknown): TrainingJobStatus {
  const status = value as Record<string, unknown>;
  const date = (key: string) => typeof status[key] === "string" ? new Date(status[key]) : undefined;
  return {
    ...status,
    submittedAt: date("submittedAt")!,
    startedAt: date("startedAt"),
    finishedAt: date("finishedAt"),
  } as TrainingJobStatus;
}

/**
 * Serves the trained `model` here as well, replacing a model of that name
 * (the lead, which serves it already, leaves it be).
 */
async function serveTrained(
  options: TrainingJobsOptions,
  hosts: ModelHostFactory,
  group: ServingGroup,
  model: ServeTrained,
): Promise<null> {
  const registry = options.registry;
  if (model.from === group.worker && registry.has(model.name)) return null;
  const host = await loadTrainedModel(hosts, model);
  if (registry.has(model.name)) await registry.remove(model.name);
  registry.add({ name: model.name, version: host.bundle.spec.version, host, origin: "training" });
  options.log.info("trained model served", { model: model.name, folder: model.folder });
  return null;
}
