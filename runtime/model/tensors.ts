/**
 * Protocol-free tensors: what the data plane's `infer` takes and returns.
 * Datatypes are named as in the Open Inference Protocol; element storage is
 * the typed array onnxruntime uses for that type (BOOL as 0/1 bytes, FP16 as
 * IEEE half bits in a Uint16Array, BYTES as one byte string per element).
 *
 * @module
 */

/** Tensor element types, named as in the Open Inference Protocol. */
export type Datatype =
  | "BOOL"
  | "UINT8"
  | "UINT16"
  | "UINT32"
  | "UINT64"
  | "INT8"
  | "INT16"
  | "INT32"
  | "INT64"
  | "FP16"
  | "FP32"
  | "FP64"
  | "BYTES";

/** Element storage of a tensor, row-major. */
export type TensorData =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | readonly Uint8Array[];

/** A named tensor with its shape and elements. */
export interface Tensor {
  /** Tensor name (a model input or output name). */
  readonly name: string;
  /** Element type. */
  readonly datatype: Datatype;
  /** Dimensions. */
  readonly shape: readonly number[];
  /** Elements, row-major; length is the product of `shape`. */
  readonly data: TensorData;
}

/** A model input or output as the model declares it; -1 marks a dynamic dimension. */
export interface TensorSignature {
  /** Tensor name. */
  readonly name: string;
  /** Element type. */
  readonly datatype: Datatype;
  /** Dimensions, -1 where any size is accepted. */
  readonly shape: readonly number[];
}

/** A tensor inference request, protocol-free. */
export interface InferRequest {
  /** Caller's request id, echoed in the response. */
  readonly id?: string;
  /** Input tensors. */
  readonly inputs: readonly Tensor[];
  /** Outputs wanted; all outputs when absent or empty. */
  readonly outputs?: readonly string[];
  /** Free-form request parameters. */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** A tensor inference response, protocol-free. */
export interface InferResponse {
  /** Name of the model that answered. */
  readonly modelName: string;
  /** Version of the model that answered. */
  readonly modelVersion: string;
  /** The request id, when the request had one. */
  readonly id?: string;
  /** Output tensors. */
  readonly outputs: readonly Tensor[];
}

/**
 * The tensor face of a model: its declared inputs and outputs and a call
 * that runs tensors through it. A model offers one (beside the file-based
 * wrapper contract) to be reachable through tensor protocols such as the
 * Open Inference Protocol.
 */
export interface TensorModel {
  /** Declared inputs. */
  readonly inputs: readonly TensorSignature[];
  /** Declared outputs. */
  readonly outputs: readonly TensorSignature[];
  /** Runs `inputs` and returns the outputs named in `outputNames` (all when empty). */
  infer(inputs: readonly Tensor[], outputNames: readonly string[]): Promise<Tensor[]>;
}
