/**
 * An onnxruntime inference session with the runtime's conventions: typed
 * input/output introspection, feeds checked before they reach the native
 * code, and every failure reported as a RuntimeError with a kind.
 *
 * @module
 */
import { badRequest, internalError, notFound, notReady, RuntimeError } from "../../base/errors.ts";
import { ONNX_ELEMENT_TYPES } from "./element_types.ts";
import type { OnnxElementType } from "./graph_types.ts";
import { InferenceSession, type SessionOptions, type Tensor, type ValueMetadata } from "./ort.ts";

/** A session input or output: name, element type and shape (-1 for a dynamic dimension). */
export interface OnnxTensorInfo {
  /** Tensor name. */
  readonly name: string;
  /** Element type. */
  readonly type: OnnxElementType;
  /** Dimensions; -1 marks a dynamic dimension. */
  readonly shape: readonly number[];
  /** Per dimension, the symbolic name of a dynamic dimension (`"batch"`), else null. */
  readonly dimNames: readonly (string | null)[];
}

/** How onnxruntime should run a session; every field is optional. */
export interface OnnxSessionOptions {
  /** Threads used inside one operator; 0 or absent lets onnxruntime decide. */
  readonly intraOpNumThreads?: number;
  /** Threads used across operators; 0 or absent lets onnxruntime decide. */
  readonly interOpNumThreads?: number;
  /** Graph optimisation level; onnxruntime's default ("all") when absent. */
  readonly graphOptimizationLevel?: "disabled" | "basic" | "extended" | "all";
  /** Execution providers in order of preference; `["cpu"]` when absent. */
  readonly executionProviders?: readonly string[];
}

const KNOWN_ELEMENT_TYPES: ReadonlySet<string> = new Set(ONNX_ELEMENT_TYPES);

/** Checks an optional thread count and returns it. */
function threadCount(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw badRequest(`ONNX session option ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

let intraOpThreadsDefault: number | undefined;

/**
 * Sets the intra-op thread count of sessions whose options give none
 * (undefined: onnxruntime decides, one per core). The serving workers of
 * `--workers N` each set their share of the CPUs, so N workers do not
 * oversubscribe them; a bundle's `onnx_session.intra_op_threads` still wins.
 */
export function setIntraOpThreadsDefault(threads: number | undefined): void {
  intraOpThreadsDefault = threads;
}

/** Translates the runtime's session options to onnxruntime-node's. */
function toSessionOptions(options: OnnxSessionOptions): SessionOptions {
  const intraOpNumThreads = threadCount(
    "intraOpNumThreads",
    options.intraOpNumThreads ?? intraOpThreadsDefault,
  );
  const interOpNumThreads = threadCount("interOpNumThreads", options.interOpNumThreads);
  return {
    executionProviders: [...(options.executionProviders ?? ["cpu"])],
    ...(intraOpNumThreads === undefined ? {} : { intraOpNumThreads }),
    ...(interOpNumThreads === undefined ? {} : { interOpNumThreads }),
    ...(options.graphOptimizationLevel === undefined
      ? {}
      : { graphOptimizationLevel: options.graphOptimizationLevel }),
  };
}

/** Converts onnxruntime's metadata of one value; only tensors of known types are accepted. */
function tensorInfo(source: string, metadata: ValueMetadata): OnnxTensorInfo {
  if (!metadata.isTensor) {
    throw internalError(`ONNX model ${source}: value "${metadata.name}" is not a tensor`);
  }
  if (!KNOWN_ELEMENT_TYPES.has(metadata.type)) {
    throw internalError(
      `ONNX model ${source}: value "${metadata.name}" has unsupported type ${metadata.type}`,
    );
  }
  const shape: number[] = [];
  const dimNames: (string | null)[] = [];
  for (const dim of metadata.shape) {
    if (typeof dim === "number") {
      shape.push(dim);
      dimNames.push(null);
    } else {
      shape.push(-1);
      dimNames.push(dim === "" ? null : dim);
    }
  }
  return { name: metadata.name, type: metadata.type as OnnxElementType, shape, dimNames };
}

/** Reads a model file, reporting a missing file as `not_found`. */
async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw notFound(`ONNX model file ${path} does not exist`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw internalError(`cannot read ONNX model file ${path}: ${reason}`, { cause: error });
  }
}

/** Checks one feed against the input it is for. */
function checkFeed(info: OnnxTensorInfo, tensor: Tensor): void {
  if (tensor.type !== info.type) {
    throw badRequest(`input "${info.name}" must be ${info.type}, got ${tensor.type}`);
  }
  const dims = tensor.dims;
  const expected = info.shape.map((dim) => (dim < 0 ? "?" : String(dim))).join(", ");
  const fits = dims.length === info.shape.length &&
    info.shape.every((dim, index) => dim < 0 || dim === dims[index]);
  if (!fits) {
    throw badRequest(
      `input "${info.name}" must have shape [${expected}], got [${dims.join(", ")}]`,
    );
  }
}

/**
 * One loaded ONNX model. Open it from a file or from bytes, inspect its
 * `inputs` and `outputs`, `run` it any number of times, then `close` it.
 * Loading and running failures are RuntimeErrors: `not_found` for a missing
 * model file, `internal` for a corrupt model or a failure inside onnxruntime,
 * `bad_request` for feeds that do not match the model's inputs, and
 * `not_ready` for a session that was closed.
 *
 * @example
 * ```ts
 * import { encodeOnnxModel } from "./model_writer.ts";
 * import { OnnxSession } from "./session.ts";
 * import { createTensor } from "./tensor_factory.ts";
 *
 * const session = await OnnxSession.openBytes(encodeOnnxModel({
 *   producerName: "example",
 *   producerVersion: "1",
 *   opsets: [{ domain: "", version: 17 }],
 *   graph: {
 *     name: "identity",
 *     inputs: [{ name: "x", type: "float32", shape: ["batch"] }],
 *     outputs: [{ name: "y", type: "float32", shape: ["batch"] }],
 *     initializers: [],
 *     nodes: [{ opType: "Identity", inputs: ["x"], outputs: ["y"] }],
 *   },
 * }));
 * const { y } = await session.run({ x: createTensor("float32", [1, 2], [2]) });
 * await session.close();
 * if (y.dims[0] !== 2) throw new Error("unexpected shape");
 * ```
 */
export class OnnxSession {
  /** The model's inputs, in model order. */
  readonly inputs: readonly OnnxTensorInfo[];
  /** The model's outputs, in model order. */
  readonly outputs: readonly OnnxTensorInfo[];
  readonly #source: string;
  /** Input and output names, prepared once for the checks on every run. */
  readonly #inputNames: ReadonlySet<string>;
  readonly #outputNames: ReadonlySet<string>;
  #session: InferenceSession | undefined;

  private constructor(session: InferenceSession, source: string) {
    this.#session = session;
    this.#source = source;
    try {
      this.inputs = session.inputMetadata.map((metadata) => tensorInfo(source, metadata));
      this.outputs = session.outputMetadata.map((metadata) => tensorInfo(source, metadata));
      this.#inputNames = new Set(this.inputs.map((info) => info.name));
      this.#outputNames = new Set(this.outputs.map((info) => info.name));
    } catch (error) {
      void session.release();
      throw error;
    }
  }

  /**
   * Opens the ONNX model file at `path`. The file is read by the runtime (so
   * files embedded in a compiled executable work) and handed to onnxruntime
   * as bytes; models with external data files are therefore not supported.
   */
  static async open(path: string, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    const bytes = await readModelFile(path);
    return await OnnxSession.#create(bytes, `file ${path}`, options);
  }

  /** Opens an ONNX model from its bytes (for example from `encodeOnnxModel`). */
  static async openBytes(
    bytes: Uint8Array,
    options: OnnxSessionOptions = {},
  ): Promise<OnnxSession> {
    return await OnnxSession.#create(bytes, `(${bytes.length} bytes)`, options);
  }

  static async #create(
    bytes: Uint8Array,
    source: string,
    options: OnnxSessionOptions,
  ): Promise<OnnxSession> {
    const sessionOptions = toSessionOptions(options);
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(bytes, sessionOptions);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw internalError(`cannot load ONNX model ${source}: ${reason}`, { cause: error });
    }
    return new OnnxSession(session, source);
  }

  /**
   * Runs the model on `feeds` (one tensor per input, by name) and returns the
   * requested outputs by name (all outputs when `outputNames` is absent).
   * Feeds are checked first: a missing or unknown input, a wrong element
   * type or a shape that does not fit gives a `bad_request` RuntimeError.
   */
  async run(
    feeds: Readonly<Record<string, Tensor>>,
    outputNames?: readonly string[],
  ): Promise<Record<string, Tensor>> {
    const session = this.#session;
    if (session === undefined) {
      throw notReady(`ONNX session for model ${this.#source} is closed`);
    }
    this.#checkFeeds(feeds);
    const fetches = outputNames === undefined ? undefined : this.#checkOutputNames(outputNames);
    try {
      const results = fetches === undefined
        ? await session.run(feeds)
        : await session.run(feeds, fetches);
      // Every value of a tensor-only model is a Tensor (tensorInfo refuses anything else).
      return results as Record<string, Tensor>;
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw internalError(`ONNX model ${this.#source} failed to run: ${reason}`, { cause: error });
    }
  }

  /** Releases the native session; later `run` calls fail with `not_ready`. Idempotent. */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session !== undefined) await session.release();
  }

  #checkFeeds(feeds: Readonly<Record<string, Tensor>>): void {
    const known = this.#inputNames;
    for (const name in feeds) {
      if (!known.has(name)) {
        throw badRequest(
          `unknown input "${name}"; the model's inputs are ${[...known].join(", ")}`,
        );
      }
    }
    for (const info of this.inputs) {
      const tensor = feeds[info.name];
      if (tensor === undefined) throw badRequest(`input "${info.name}" is missing`);
      checkFeed(info, tensor);
    }
  }

  #checkOutputNames(outputNames: readonly string[]): string[] {
    const known = this.#outputNames;
    for (const name of outputNames) {
      if (!known.has(name)) {
        throw badRequest(
          `unknown output "${name}"; the model's outputs are ${[...known].join(", ")}`,
        );
      }
    }
    return [...outputNames];
  }
}

/**
 * Opens the ONNX model file at `path` (a model author's way in, exported by
 * mod.ts): an {@link OnnxSession} created through ort.ts, so the Float16
 * guard has run. Relative paths are resolved against the process's working
 * directory: join them with the bundle folder (`context.bundle.dir`).
 *
 * @example
 * ```ts ignore
 * import { join } from "node:path";
 * const session = await openOnnxSession(join(context.bundle.dir, "model.onnx"));
 * const { output } = await session.run({ input: createTensor("float32", data, [1, 3]) });
 * ```
 */
export function openOnnxSession(
  path: string,
  options: OnnxSessionOptions = {},
): Promise<OnnxSession> {
  return OnnxSession.open(path, options);
}
