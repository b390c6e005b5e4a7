/**
 * ONNX as model code sees it (exported from model_api.ts and mod.ts): open a
 * session, build tensors, read them back — through the runtime's one door to
 * onnxruntime-node (ort.ts, with its Float16 guard). The types here are the
 * runtime's own, so the public API names no onnxruntime-node type; the values
 * are onnxruntime's tensors and the runtime's {@link OnnxSession}.
 *
 * @module
 */
import type { Tensor } from "./ort.ts";
import { OnnxSession, type OnnxSessionOptions, type OnnxTensorInfo } from "./session.ts";
import {
  createTensor as createOrtTensor,
  type TensorInputData,
  tensorNumbers as ortTensorNumbers,
} from "./tensor_factory.ts";
import type { OnnxElementType } from "./graph_types.ts";

/**
 * An onnxruntime tensor as model code handles it: made by
 * {@link createTensor}, fed to and answered by {@link OnnxModelSession.run}.
 */
export interface OnnxTensor {
  /** Element type: `float32`, `int64`, `string`, … */
  readonly type: string;
  /** Dimensions. */
  readonly dims: readonly number[];
  /** Elements: a typed array (float16 as half bits in a Uint16Array), or strings. */
  readonly data: unknown;
  /** Number of elements. */
  readonly size: number;
}

/** An open ONNX session: its inputs and outputs, `run` and `close`. */
export interface OnnxModelSession {
  /** The model's inputs: name, element type, shape (-1 for a dynamic dimension). */
  readonly inputs: readonly OnnxTensorInfo[];
  /** The model's outputs. */
  readonly outputs: readonly OnnxTensorInfo[];
  /**
   * Runs the model on `feeds` (one tensor per input, by name) and returns the
   * requested outputs (all when `outputNames` is absent); a wrong feed is a
   * `bad_request` RuntimeError.
   */
  run(
    feeds: Readonly<Record<string, OnnxTensor>>,
    outputNames?: readonly string[],
  ): Promise<Record<string, OnnxTensor>>;
  /** Releases the session. */
  close(): Promise<void>;
}

/**
 * Opens the ONNX model at `path` (e.g. a file of the bundle:
 * `join(context.bundle.dir, "model.onnx")`) with onnxruntime's CPU provider.
 */
export async function openOnnxSession(
  path: string,
  options: OnnxSessionOptions = {},
): Promise<OnnxModelSession> {
  const session = await OnnxSession.open(path, options);
  return {
    inputs: session.inputs,
    outputs: session.outputs,
    run: (feeds, outputNames) =>
      session.run(feeds as Readonly<Record<string, Tensor>>, outputNames),
    close: () => session.close(),
  };
}

/**
 * A tensor of `type` and shape `dims` from `data` (numbers, bigints for 64-bit
 * integers, booleans, or strings); the count must match the shape.
 */
export function createTensor(
  type: OnnxElementType,
  data: TensorInputData,
  dims: readonly number[],
): OnnxTensor {
  return createOrtTensor(type, data, dims);
}

/** A numeric tensor's elements as plain numbers (float16 decoded, 64-bit as Number). */
export function tensorNumbers(tensor: OnnxTensor): number[] {
  return ortTensorNumbers(tensor as Tensor);
}
