/**
 * A Caikit prediction, protocol-free (the gRPC door and an HTTP door call
 * it alike): the model named by its id, checked to serve the task through
 * its module's Caikit face, then run through the data plane as one
 * `input.json` item (admission limits, deadlines, batching, drain and
 * metrics as for every door), its result turned into the task's output.
 * Failures carry Caikit's texts (caikit-wire.md §2).
 *
 * @module
 */
import {
  asRuntimeError,
  badRequest,
  internalError,
  notFound,
  RuntimeError,
} from "../../base/errors.ts";
import type { Logger } from "../../base/log.ts";
import type { CancelSignal } from "../../core/cancel_signal.ts";
import type { DataPlane } from "../../core/data_plane.ts";
import type { ModelEntry } from "../../core/registry.ts";
import type { ModelSpec } from "../../bundle/types.ts";
import { codeModelOf } from "../../hosting/model_host_factory.ts";
import { findModule } from "../../hosting/module_registry.ts";
import type { CaikitFace, CaikitTask } from "../../model/caikit_face.ts";
import { isDataObject } from "../../model/caikit_face.ts";
import { decodeText, encodeText } from "../../model/text_bytes.ts";
import { MODULE_INPUT_FILE, MODULE_OUTPUT_FILE } from "../../modules/module_api.ts";

/** How one prediction is made. */
export interface PredictCall {
  /** The door's label in metrics and logs (`caikit-grpc`, `caikit-http`). */
  readonly door: string;
  /** The call's deadline and cancellation. */
  readonly signal?: CancelSignal;
  /** The request id for the data plane's record. */
  readonly requestId?: string;
  /** Where unexpected failures are logged. */
  readonly log: Logger;
}

/** The prefix of Caikit's answer to input the model refuses. */
const INPUT_PROBLEM = "Exception raised during inference. This may be a problem with your input: ";

/**
 * The Caikit face of the module serving `entry`, if it has one: for a
 * bundle's own model code the face its loaded code declared (none before
 * it loads), else the face of the registered module its model.yaml names.
 */
export function faceOfModel(entry: ModelEntry): CaikitFace | undefined {
  const code = codeModelOf(entry.host);
  if (code !== undefined) return code.caikitFace ?? undefined;
  const id = entry.host.bundle.spec.module?.id;
  return id === undefined ? undefined : findModule(id)?.caikit;
}

/** The class Caikit's "not supported" answer names for `entry`. */
function modelClassOf(entry: ModelEntry, face: CaikitFace | undefined): string {
  return face?.module.name ?? codeModelOf(entry.host)?.modelClass ??
    (entry.host.bundle.spec.module?.id || entry.name);
}

/** Each task's JSON, for comparing a model code's task with the one served (worked out once). */
const TASK_TEXT = new WeakMap<CaikitTask, string>();

function taskText(task: CaikitTask): string {
  let text = TASK_TEXT.get(task);
  if (text === undefined) TASK_TEXT.set(task, text = JSON.stringify(task));
  return text;
}

/**
 * Whether `face` serves the RPC of `task`: the same task — for model code,
 * whose face may have changed since the door derived its messages, the
 * same declaration too.
 */
function servesTask(face: CaikitFace | undefined, task: CaikitTask): face is CaikitFace {
  if (face === undefined || face.task.name !== task.name) return false;
  return face.task === task || taskText(face.task) === taskText(task);
}

/**
 * Predicts `task` with the model `modelId` from the task's `parameters`
 * (Caikit JSON keyed by parameter name); answers the output data object as
 * Caikit JSON. Errors: `bad_request` `Missing required model ID`,
 * `not_found` `Model '<id>' not loaded`, `bad_request` `Inference for model
 * class <cls> not supported by this runtime`, `bad_request` for input the
 * model refuses, `internal` for a model that failed to load or failed.
 */
export async function caikitPredict(
  dataPlane: DataPlane,
  modelId: string | undefined,
  task: CaikitTask,
  parameters: Readonly<Record<string, unknown>>,
  call: PredictCall,
): Promise<unknown> {
  if (!modelId) throw badRequest("Missing required model ID");
  if (!dataPlane.registry.has(modelId)) throw notFound(`Model '${modelId}' not loaded`);
  const entry = dataPlane.registry.get(modelId);
  if (!entry.host.ready) {
    const outcome = await entry.host.initialize();
    if (!outcome.ok) {
      throw internalError(
        `Model ${modelId} failed to load. Nested error: ${outcome.error.message}`,
      );
    }
  }
  const face = faceOfModel(entry);
  if (!servesTask(face, task)) {
    throw badRequest(
      `Inference for model class ${modelClassOf(entry, face)} not supported by this runtime`,
    );
  }
  for (const parameter of task.parameters) {
    const value = parameters[parameter.name];
    if (!parameter.optional && isDataObject(parameter.type) && (value ?? null) === null) {
      throw badRequest(`${INPUT_PROBLEM}missing required parameter '${parameter.name}'`);
    }
  }
  // Model code's conversions run in its worker: they answer promises.
  let document = face.toInput ? face.toInput(parameters) : parameters;
  if (document instanceof Promise) document = await document;
  const files = filesOf(entry.host.bundle.spec);
  const item = new Map([[files.input, encodeText(JSON.stringify(document))]]);
  const [result] = await dataPlane.run(
    modelId,
    [item],
    { detectDrift: false, explain: false },
    call.door,
    call.signal,
    call.requestId,
  );
  if (result instanceof Error) throw caikitFailure(result, modelId, call);
  const bytes = result.get(files.output);
  if (bytes === undefined) throw internalError("Unhandled exception during prediction");
  const answer = (JSON.parse(decodeText(bytes)) as { data?: { result?: unknown } }).data?.result;
  // A promise (model code's conversion in its worker) is adopted as the answer.
  return face.toOutput ? face.toOutput(answer) : answer;
}

/** The input and output file names of a module's model, by its spec (worked out once). */
const FILES = new WeakMap<ModelSpec, { input: string; output: string }>();

function filesOf(spec: ModelSpec): { input: string; output: string } {
  let files = FILES.get(spec);
  if (!files) {
    const input = spec.inputs.size === 1 ? spec.inputs.keys().next().value! : MODULE_INPUT_FILE;
    const output = spec.outputs.has(MODULE_OUTPUT_FILE)
      ? MODULE_OUTPUT_FILE
      : spec.outputs.keys().next().value ?? MODULE_OUTPUT_FILE;
    FILES.set(spec, files = { input, output });
  }
  return files;
}

/** A failed item as Caikit reports it: the input's fault, a limit, or an unhandled failure. */
function caikitFailure(error: Error, modelId: string, call: PredictCall): RuntimeError {
  const failure = asRuntimeError(error);
  if (failure.kind === "bad_request") return badRequest(`${INPUT_PROBLEM}${failure.message}`);
  if (failure.kind !== "internal") return failure;
  call.log.error("Caikit prediction failed", {
    model: modelId,
    reason: failure.message,
    ...(call.requestId === undefined ? {} : { request_id: call.requestId }),
  });
  return new RuntimeError("internal", "Unhandled exception during prediction");
}
