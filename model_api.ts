/**
 * The model-author part of the API (mod.ts re-exports all of it): what model
 * code needs and nothing that serves, calls or trains. Model code in a
 * bundle (model.yaml `module.code`) imports it as `"@model-runtime/runtime"`
 * (the project's import map points there), so each load of model code — a
 * fresh worker — reads only this, not the whole runtime.
 *
 * - **Wrapper contract** (Modzy style): {@link ModelWrapper} — `initialize`,
 *   `handleInput` (files in, files out), optional `handleBatch`,
 *   `tensorModel`, `close`; answers built with {@link successOutput}.
 * - **Module lifecycle** (Caikit style): {@link RuntimeModule} (`info`,
 *   `parseInput`, `load`, optional `train`), served by {@link moduleWrapper};
 *   its optional {@link CaikitFace} makes it callable by Caikit clients.
 * - **Errors with a kind**: {@link badRequest} for input the caller can fix,
 *   {@link RuntimeError} and the other kinds.
 * - **ONNX**: {@link openOnnxSession} (through the runtime's one door to
 *   onnxruntime-node, with its Float16 guard), {@link createTensor},
 *   {@link tensorNumbers}; never import onnxruntime-node yourself.
 * - **Audio**: {@link decodeWav} (WAV bytes to float samples per channel,
 *   resampled on request), {@link decodeWavMono}, {@link mixToMono},
 *   {@link resampleSamples}.
 * - **Images** (runtime/media/): {@link imageTensor} turns a JPEG or PNG
 *   file into a float32 tensor in one call (EXIF orientation, resize, crop,
 *   normalise, pad, RGB/BGR, NCHW/NHWC), or step by step from
 *   {@link decodeImage}; {@link softmax}, {@link topK} and
 *   {@link readLabels} read a classifier's answer.
 *
 * @example A wrapper, called the way the server calls it
 * ```ts
 * import { badRequest, type ModelWrapper, successOutput } from "./model_api.ts";
 *
 * const echo: ModelWrapper = {
 *   async initialize() {},
 *   async handleInput(input) {
 *     const bytes = input.get("input.txt");
 *     if (!bytes) throw badRequest("input.txt is missing");
 *     return new Map([["results.json", successOutput({ result: new TextDecoder().decode(bytes) })]]);
 *   },
 * };
 * const output = await echo.handleInput(
 *   new Map([["input.txt", new TextEncoder().encode("hi")]]),
 *   { detectDrift: false, explain: false },
 * );
 * if (!output.has("results.json")) throw new Error("no results.json");
 * ```
 *
 * @module
 */
export type {
  InputFiles,
  ItemResult,
  ModelContext,
  ModelWrapper,
  OutputFiles,
  RunOptions,
} from "./runtime/model/contract.ts";
export {
  ERROR_OUTPUT_KEY,
  errorOutput,
  type ResultDocument,
  successOutput,
} from "./runtime/model/outputs.ts";
export {
  asRuntimeError,
  badRequest,
  type ErrorKind,
  internalError,
  notFound,
  notReady,
  RuntimeError,
} from "./runtime/base/errors.ts";
export type { Bundle, DockerMetadata, ModelSpec, TestCase } from "./runtime/bundle/types.ts";
export { loadBundle } from "./runtime/bundle/load.ts";
export { createLogger, type Logger } from "./runtime/base/log.ts";
export {
  type ModuleInfo,
  moduleWrapper,
  type RuntimeModule,
  type SaveOptions,
  type TrainedModel,
  type TrainingData,
  writeModuleYaml,
} from "./runtime/modules/module_api.ts";
export type {
  CaikitDataObject,
  CaikitDataStream,
  CaikitEnum,
  CaikitFace,
  CaikitField,
  CaikitList,
  CaikitModuleIdentity,
  CaikitPrimitive,
  CaikitTask,
  CaikitTraining,
  CaikitTrainParameter,
  CaikitType,
  CaikitUnion,
} from "./runtime/model/caikit_face.ts";
export type { OnnxSessionOptions, OnnxTensorInfo } from "./runtime/backends/onnx/session.ts";
export type { TensorInputData } from "./runtime/backends/onnx/tensor_factory.ts";
export {
  createTensor,
  type OnnxModelSession,
  type OnnxTensor,
  openOnnxSession,
  tensorNumbers,
} from "./runtime/backends/onnx/model_code_onnx.ts";
export {
  type ChannelOrder,
  type ImageLayout,
  type ImageTensor,
  imageToTensor,
  normalizeImage,
  type NormalizeOptions,
  type TensorLayoutOptions,
} from "./runtime/media/image_tensor.ts";
export {
  decodeImage,
  type DecodeImageOptions,
  DEFAULT_MAX_PIXELS,
  type ImageFormat,
  imageFormat,
  jpegOrientation,
} from "./runtime/media/image_decode.ts";
export { imageTensor, type ImageTensorOptions } from "./runtime/media/image_pipeline.ts";
export { orientImage } from "./runtime/media/image_orientation.ts";
export { resizedSize, resizeImage, type ResizeOptions } from "./runtime/media/image_resize.ts";
export {
  centerCrop,
  padImage,
  type PadOptions,
  type PadPosition,
} from "./runtime/media/image_window.ts";
export { type PixelImage, toGrayscale } from "./runtime/media/pixel_image.ts";
export {
  type ClassScore,
  parseLabels,
  readLabels,
  softmax,
  topK,
} from "./runtime/media/class_scores.ts";
export type {
  Datatype,
  Tensor,
  TensorData,
  TensorModel,
  TensorSignature,
} from "./runtime/model/tensors.ts";
export { decodeWav, type DecodeWavOptions, type WavAudio } from "./runtime/media/wav_decode.ts";
export { resampleSamples } from "./runtime/media/resample.ts";
export { decodeWavMono, mixToMono, type MonoAudio } from "./runtime/media/mix_to_mono.ts";
export type { WavEncoding } from "./runtime/media/wav_format.ts";
