/**
 * Caikit training, protocol-free (the gRPC door and an HTTP door call it
 * alike), over the server's shared training jobs ({@link TrainingDesk}): a train request
 * becomes a job with its own folder `<training dir>/<training_id>/
 * <model_name>/` holding a Caikit model folder (the module's files and
 * `config.yml`), answered at once; status and cancel answer Caikit's
 * `TrainingStatusResponse` (as Caikit JSON). A completed model is served
 * under its name when the name is free, or when the protocol setting
 * `replaceServed` says so; otherwise its status says it was saved but not
 * served.
 *
 * @module
 */
import { badRequest, notFound, notReady, RuntimeError } from "../../base/errors.ts";
import type { TrainingJobStatus } from "../../hosting/training_job_types.ts";
import type { TrainingDesk } from "../../hosting/training_desk.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import { lifecycleModules } from "../../hosting/module_registry.ts";
import { writeCaikitConfig } from "./caikit_model_folder.ts";
import type { TrainRpc } from "./caikit_schema.ts";
import { recordSourceOf, type StreamSource } from "./training_source.ts";

/** A train request in Caikit JSON. */
export interface CaikitTrainRequest {
  /** The name to save (and serve) the model under. */
  readonly modelName: string;
  /** The S3 output path, when the client set one (refused). */
  readonly outputPath?: Readonly<Record<string, unknown>> | null;
  /** Where the records come from. */
  readonly source: StreamSource;
  /** The other `train()` parameters (unset optional ones absent). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** What the training door works with. */
export interface CaikitTrainingOptions {
  /** The server's training jobs; null: the server does not train. */
  readonly jobs: TrainingDesk | null;
  /** Whether a trained model replaces a served model of its name. */
  readonly replaceServed: boolean;
}

/** The name of the protocol setting that lets trained models replace served ones. */
export const REPLACE_SERVED_SETTING = "replaceServed";

/**
 * Submits a Caikit training job for `train`; answers `{training_id,
 * model_name}` at once. `bad_request` for an S3 output path, S3 data, a
 * missing or unsupported file; `not_ready` when the server does not train.
 */
export async function caikitTrain(
  train: TrainRpc,
  request: CaikitTrainRequest,
  options: CaikitTrainingOptions,
): Promise<{ training_id: string; model_name: string }> {
  const jobs = trainingJobs(options);
  const output = request.outputPath;
  if (output && Object.values(output).some((value) => value !== "" && value !== null)) {
    throw badRequest(
      "S3 output path not supported by this runtime: trained models are saved under the " +
        "server's training folder",
    );
  }
  if (request.modelName.trim() === "") throw badRequest("model_name is required");
  const module = lifecycleModules().find((each) => each.caikit === train.face);
  if (!module) throw new RuntimeError("internal", `no module has the face of ${train.rpc}`);
  const records = await recordSourceOf(request.source);
  const toParams = train.face.training?.toParams ?? textParams;
  const answer = await jobs.submit({
    modelName: request.modelName,
    model: module.info.id,
    records,
    moduleParams: toParams(request.parameters),
    perJob: {
      replaceServed: options.replaceServed,
      replaceSetting: `the caikit protocol setting ${REPLACE_SERVED_SETTING}`,
      completer: caikitCompleter(train.face),
    },
  });
  return { training_id: answer.trainingId, model_name: answer.modelName };
}

/** The name of the folder completer writing `face`'s Caikit config.yml. */
export function caikitCompleter(face: CaikitFace): string {
  return `caikit-config:${face.module.id}`;
}

/** Registers a folder completer writing the Caikit config.yml for each of `faces`. */
export function addCaikitCompleters(jobs: TrainingDesk, faces: readonly CaikitFace[]): void {
  for (const face of faces) {
    jobs.addCompleter(caikitCompleter(face), (dir) => writeCaikitConfig(dir, face));
  }
}

/** The status of training `trainingId` as Caikit's `TrainingStatusResponse`. */
export async function caikitTrainingStatus(
  trainingId: string,
  options: CaikitTrainingOptions,
): Promise<Record<string, unknown>> {
  return statusJson(await known(trainingId, options, (jobs) => jobs.status(trainingId)));
}

/** Cancels training `trainingId` (a finished job answers its final state). */
export async function caikitCancelTraining(
  trainingId: string,
  options: CaikitTrainingOptions,
): Promise<Record<string, unknown>> {
  const jobs = options.jobs;
  if (jobs === null) throw notFound(`Unknown training_id: ${trainingId}`);
  await known(trainingId, options, (each) => each.status(trainingId));
  return statusJson(await jobs.cancel(trainingId));
}

/** The job `trainingId` through `read`; an unknown one is Caikit's NOT_FOUND. */
async function known(
  trainingId: string,
  options: CaikitTrainingOptions,
  read: (jobs: TrainingDesk) => Promise<TrainingJobStatus>,
): Promise<TrainingJobStatus> {
  if (options.jobs === null) throw notFound(`Unknown training_id: ${trainingId}`);
  try {
    return await read(options.jobs);
  } catch (error) {
    if (error instanceof RuntimeError && error.kind === "not_found") {
      throw notFound(`Unknown training_id: ${trainingId}`);
    }
    throw error;
  }
}

function trainingJobs(options: CaikitTrainingOptions): TrainingDesk {
  if (options.jobs === null) {
    throw notReady("this server does not train: start it with a training folder (--training-dir)");
  }
  return options.jobs;
}

/** Each set parameter as text (a module's default training parameters). */
function textParams(parameters: Readonly<Record<string, unknown>>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined || value === null) continue;
    params[name] = typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return params;
}

/** A job's status as Caikit JSON of `TrainingStatusResponse`. */
function statusJson(status: TrainingJobStatus): Record<string, unknown> {
  const reasons = status.error ? [status.error] : status.notice ? [status.notice] : [];
  return {
    training_id: status.trainingId,
    state: status.state,
    submission_timestamp: status.submittedAt.toISOString(),
    completion_timestamp: status.finishedAt?.toISOString(),
    reasons,
  };
}
