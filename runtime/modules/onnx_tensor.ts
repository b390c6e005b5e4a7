/**
 * The `onnx-tensor` module: serves a plain ONNX file through its tensors.
 * Its tensor face comes from ONNX introspection (Open Inference Protocol
 * doors); over the Modzy door each item is one input file holding tensors as
 * JSON (`{"inputs": [{"name", "datatype", "shape", "data"}]}`) and the answer
 * is one output file with the output tensors. model.yaml names it with
 * `module.id: onnx-tensor` and optional `module.config` keys `artifact`
 * (default `model.onnx`), `input` (default `input.json`) and `output`
 * (default `results.json`).
 *
 * @module
 */
import { join } from "node:path";
import { bundleError } from "../bundle/errors.ts";
import { notReady } from "../base/errors.ts";
import type {
  InputFiles,
  ModelContext,
  ModelWrapper,
  OutputFiles,
  RunOptions,
} from "../model/contract.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import { ONNX_BACKEND } from "../backends/onnx/descriptor.ts";
import { checkTensorRequest } from "../core/tensor_checks.ts";
import type { TensorModel } from "../model/tensors.ts";
import { onnxTensorModel } from "./onnx_tensor_face.ts";
import { readTensorFile, tensorFileBytes } from "./tensor_files.ts";

/** Registered id of the module (the one the ONNX backend serves bare files with). */
export const ONNX_TENSOR_ID: string = ONNX_BACKEND.tensorModule;

/** Validated `module.config` of an onnx-tensor bundle. */
export interface OnnxTensorConfig {
  /** ONNX file inside the bundle folder. */
  readonly artifact: string;
  /** Input file name of the Modzy door. */
  readonly input: string;
  /** Output file name of the Modzy door. */
  readonly output: string;
}

/** Reads `module.config` with its defaults; a bad value is an `internal` bundle error. */
export function parseOnnxTensorConfig(
  config: Readonly<Record<string, unknown>>,
  file: string,
): OnnxTensorConfig {
  const pick = (key: string, fallback: string, pattern: RegExp): string => {
    const value = config[key] ?? fallback;
    if (typeof value !== "string" || !pattern.test(value) || value.split("/").includes("..")) {
      throw bundleError(file, `module.config.${key}`, `must be a file name in the bundle`);
    }
    return value;
  };
  return {
    artifact: pick("artifact", ONNX_BACKEND.modelFile, /^[^/\\][^\\]*$/),
    input: pick("input", "input.json", /^[^/\\]+$/),
    output: pick("output", "results.json", /^[^/\\]+$/),
  };
}

/**
 * A {@link ModelWrapper} serving any ONNX file through its tensors.
 *
 * @example
 * ```ts ignore
 * const model = new OnnxTensorModule();
 * await model.initialize({ bundle });
 * const face = model.tensorModel();
 * ```
 */
export class OnnxTensorModule implements ModelWrapper {
  #session: OnnxSession | undefined;
  #face: TensorModel | null = null;
  #config: OnnxTensorConfig | undefined;

  /** Reads the config and opens the ONNX file. */
  async initialize(context: ModelContext): Promise<void> {
    const { bundle } = context;
    const config = parseOnnxTensorConfig(
      bundle.spec.module?.config ?? {},
      join(bundle.dir, "model.yaml"),
    );
    const session = await ONNX_BACKEND.open(join(bundle.dir, config.artifact));
    await this.close();
    this.#session = session;
    this.#config = config;
    this.#face = onnxTensorModel(session);
  }

  /** The model's tensors and inference, once initialised. */
  tensorModel(): TensorModel | null {
    return this.#face;
  }

  /** Answers one input file of tensors with one output file of tensors. */
  async handleInput(input: InputFiles, _options: RunOptions): Promise<OutputFiles> {
    const face = this.#face;
    const config = this.#config;
    if (face === null || config === undefined) throw notReady("the ONNX model is not loaded");
    const request = readTensorFile(input, config.input);
    checkTensorRequest(face, request.inputs, request.outputs);
    const outputs = await face.infer(request.inputs, request.outputs);
    return new Map([[config.output, tensorFileBytes(outputs)]]);
  }

  /** Releases the ONNX session. */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#face = null;
    if (session) await session.close();
  }
}
