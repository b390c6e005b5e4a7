/**
 * Dynamic batching of tensor requests: concurrent `infer` calls whose inputs
 * agree on everything but their first dimension are concatenated along
 * dimension 0, run as one call, and the outputs are split back by rows. Only
 * models whose every input and output has a dynamic first dimension qualify.
 * A request that cannot travel with others (malformed, different trailing
 * shapes, a batch whose outputs cannot be split) runs on its own, so one bad
 * request never fails its neighbours.
 *
 * @module
 */
import { asRuntimeError, type RuntimeError } from "../base/errors.ts";
import { Batcher, type BatcherOptions } from "./batcher.ts";
import type { Tensor, TensorData, TensorModel, TensorSignature } from "../model/tensors.ts";
import type { CancelSignal } from "./cancel_signal.ts";

/** One queued tensor request. */
interface TensorRequest {
  readonly inputs: readonly Tensor[];
  readonly outputNames: readonly string[];
  /** Rows along dimension 0. */
  readonly rows: number;
  /** Requests with equal keys can be concatenated. */
  readonly key: string;
}

/** A request's outputs, or the error that failed it alone. */
type TensorOutcome = Tensor[] | RuntimeError;

/** The batching options of a tensor model, without the entry sizing (`onBatch` sizes are rows). */
export type TensorBatchingOptions = Omit<BatcherOptions<TensorRequest>, "sizeOf">;

/** A tensor model with a signal: what the batched face accepts beyond {@link TensorModel}. */
export interface CancellableTensorModel extends TensorModel {
  /** Runs `inputs`; a queued request leaves the queue when `signal` aborts. */
  infer(
    inputs: readonly Tensor[],
    outputNames: readonly string[],
    signal?: CancelSignal,
  ): Promise<Tensor[]>;
}

/** True when every input and output of `model` has a dynamic first dimension. */
export function batchableAlongFirstDimension(model: TensorModel): boolean {
  const dynamicFirst = (signature: TensorSignature) =>
    signature.shape.length > 0 && signature.shape[0] < 0;
  return model.inputs.length > 0 && model.inputs.every(dynamicFirst) &&
    model.outputs.length > 0 && model.outputs.every(dynamicFirst);
}

/**
 * Wraps `model` so concurrent `infer` calls coalesce along dimension 0, at
 * most `options.maxBatchSize` rows per call. Call only for models for which
 * {@link batchableAlongFirstDimension} holds.
 */
export function batchedTensorModel(
  model: TensorModel,
  options: TensorBatchingOptions,
): CancellableTensorModel {
  const batcher = new Batcher<TensorRequest, TensorOutcome>(
    (requests) => runTensorBatch(model, requests),
    { ...options, sizeOf: (request) => request.rows },
  );
  return {
    inputs: model.inputs,
    outputs: model.outputs,
    async infer(inputs, outputNames, signal) {
      const request = describeRequest(inputs, outputNames);
      if (request === null || request.rows > options.maxBatchSize) {
        return await model.infer(inputs, outputNames);
      }
      const [outcome] = await batcher.submit([request], signal);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
}

/** The request's rows and batching key, or null when it must run alone. */
function describeRequest(
  inputs: readonly Tensor[],
  outputNames: readonly string[],
): TensorRequest | null {
  if (inputs.length === 0) return null;
  const rows = inputs[0].shape[0];
  if (!Number.isSafeInteger(rows) || rows < 1) return null;
  let key = outputNames.join("\u0001");
  for (const tensor of inputs) {
    const shape = tensor.shape;
    if (shape.length === 0 || shape[0] !== rows) return null;
    let elements = 1;
    for (const dim of shape) elements *= dim;
    if (!Number.isSafeInteger(elements) || tensor.data.length !== elements) return null;
    key += `\u0002${tensor.name}\u0003${tensor.datatype}\u0003${shape.slice(1).join(",")}`;
  }
  return { inputs, outputNames, rows, key };
}

/** Runs a batch: groups with equal keys are concatenated; each group runs as one call. */
async function runTensorBatch(
  model: TensorModel,
  requests: readonly TensorRequest[],
): Promise<TensorOutcome[]> {
  const groups = new Map<string, number[]>();
  requests.forEach((request, index) => {
    const group = groups.get(request.key);
    if (group) group.push(index);
    else groups.set(request.key, [index]);
  });
  const outcomes: TensorOutcome[] = new Array(requests.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const members = indexes.map((index) => requests[index]);
      const answers = await runGroup(model, members);
      indexes.forEach((index, at) => outcomes[index] = answers[at]);
    }),
  );
  return outcomes;
}

/** Runs requests that fit together as one call; falls back to one call each. */
async function runGroup(
  model: TensorModel,
  members: readonly TensorRequest[],
): Promise<TensorOutcome[]> {
  if (members.length > 1) {
    const totalRows = members.reduce((sum, request) => sum + request.rows, 0);
    try {
      const inputs = concatenateInputs(members, totalRows);
      const outputs = await model.infer(inputs, members[0].outputNames);
      const split = splitOutputs(outputs, members, totalRows);
      if (split !== null) return split;
    } catch {
      // Some member spoiled the batch: run each alone so only it fails.
    }
  }
  return await Promise.all(members.map((request) => runAlone(model, request)));
}

async function runAlone(model: TensorModel, request: TensorRequest): Promise<TensorOutcome> {
  try {
    return await model.infer(request.inputs, request.outputNames);
  } catch (error) {
    return asRuntimeError(error);
  }
}

/** One tensor per input, the members' rows one after the other. */
function concatenateInputs(members: readonly TensorRequest[], totalRows: number): Tensor[] {
  return members[0].inputs.map((first, input) => ({
    name: first.name,
    datatype: first.datatype,
    shape: [totalRows, ...first.shape.slice(1)],
    data: concatenateData(members.map((request) => request.inputs[input].data)),
  }));
}

/** Each member's rows of every output, or null when an output's rows do not add up. */
function splitOutputs(
  outputs: readonly Tensor[],
  members: readonly TensorRequest[],
  totalRows: number,
): Tensor[][] | null {
  for (const output of outputs) {
    if (output.shape.length === 0 || output.shape[0] !== totalRows) return null;
    if (output.data.length % totalRows !== 0) return null;
  }
  const answers: Tensor[][] = members.map(() => []);
  for (const output of outputs) {
    const perRow = output.data.length / totalRows;
    const trailing = output.shape.slice(1);
    let row = 0;
    members.forEach((request, member) => {
      answers[member].push({
        name: output.name,
        datatype: output.datatype,
        shape: [request.rows, ...trailing],
        data: sliceData(output.data, row * perRow, (row + request.rows) * perRow),
      });
      row += request.rows;
    });
  }
  return answers;
}

/** Concatenates element storage of one kind. */
function concatenateData(parts: readonly TensorData[]): TensorData {
  const first = parts[0];
  if (Array.isArray(first)) {
    return (parts as readonly (readonly Uint8Array[])[]).flat();
  }
  const typed = parts as readonly Exclude<TensorData, readonly Uint8Array[]>[];
  let length = 0;
  for (const part of typed) length += part.length;
  const constructor = (first as Exclude<TensorData, readonly Uint8Array[]>)
    .constructor as new (length: number) => Exclude<TensorData, readonly Uint8Array[]>;
  const joined = new constructor(length);
  let offset = 0;
  for (const part of typed) {
    (joined as { set(source: ArrayLike<number | bigint>, offset: number): void }).set(
      part,
      offset,
    );
    offset += part.length;
  }
  return joined;
}

/** Elements `start` to `end` of `data` (a copy, so a caller may keep it). */
function sliceData(data: TensorData, start: number, end: number): TensorData {
  return data.slice(start, end) as TensorData;
}
