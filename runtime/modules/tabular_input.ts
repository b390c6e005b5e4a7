/**
 * Reads one item's input of a tabular classifier: exactly one input file
 * (e.g. `input.json`) holding either a JSON object keyed by feature name
 * (extra keys ignored) or a JSON array of the values in feature order,
 * encoded through the model's feature pipeline (numbers, categories, text).
 * Every
 * problem is a `bad_request` RuntimeError whose message starts with the file
 * name, e.g. `input.json: feature 'petal_width' is missing`.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import type { InputFiles } from "../model/contract.ts";
import {
  encodeRowInto,
  type FeaturePipeline,
  isPlainNumeric,
  numericPipeline,
  type TextValues,
} from "./tabular_pipeline.ts";
import { decodeText } from "../model/text_bytes.ts";

/** How inputs are read: the input file's name, the feature names in order, the pipeline. */
export interface TabularInputLayout {
  /** The one input file the model accepts. */
  readonly fileName: string;
  /** Feature names, in model input order. */
  readonly features: readonly string[];
  /** How raw values become model inputs; plain numeric features when absent. */
  readonly pipeline?: FeaturePipeline;
}

/**
 * Validates `input` and writes its encoded model inputs, as float32, into
 * `into` starting at `offset` (the pipeline's width of values); the raw
 * strings of tf-idf columns are appended to `texts`.
 */
export function readFeatureRow(
  input: InputFiles,
  layout: TabularInputLayout,
  into: Float32Array,
  offset: number,
  texts?: TextValues,
): void {
  const { fileName, features } = layout;
  const pipeline = layout.pipeline ?? numericPipeline(features);
  for (const name of input.keys()) {
    if (name !== fileName) {
      throw badRequest(`unknown input file '${name}'; this model reads only '${fileName}'`);
    }
  }
  const bytes = input.get(fileName);
  if (bytes === undefined) throw badRequest(`missing input file '${fileName}'`);
  const document = parseJson(fileName, bytes);
  if (Array.isArray(document)) {
    if (
      document.length === features.length && writePlainNumbers(document, pipeline, into, offset)
    ) {
      return;
    }
    if (document.length !== features.length) {
      const what = isPlainNumeric(pipeline) ? "numbers" : "values";
      throw badRequest(
        `${fileName}: expected an array of ${features.length} ${what} ` +
          `(${features.join(", ")}), got ${document.length}`,
      );
    }
    const record = Object.fromEntries(features.map((feature, index) => [feature, document[index]]));
    encodeRowInto(pipeline, record, into, offset, fileName, texts);
    return;
  }
  if (document === null || typeof document !== "object") {
    throw badRequest(
      `${fileName}: expected a JSON object keyed by feature name or an array of ` +
        `${features.length} ${isPlainNumeric(pipeline) ? "numbers" : "values"}, got ` +
        jsonTypeName(document),
    );
  }
  encodeRowInto(pipeline, document as Record<string, unknown>, into, offset, fileName, texts);
}

/**
 * The common case without building a record: a plain numeric model and an
 * array of finite float32 numbers, written straight into `into`. False
 * (nothing to rely on in `into`) for anything else, which then takes the
 * general path and its error messages.
 */
function writePlainNumbers(
  values: readonly unknown[],
  pipeline: FeaturePipeline,
  into: Float32Array,
  offset: number,
): boolean {
  if (!isPlainNumeric(pipeline)) return false;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== "number" || !Number.isFinite(Math.fround(value))) return false;
    into[offset + index] = value;
  }
  return true;
}

function parseJson(fileName: string, bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decodeText(bytes);
  } catch (error) {
    throw badRequest(`${fileName}: not valid UTF-8 text`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`${fileName}: not valid JSON`, { cause: error });
  }
}

function jsonTypeName(value: unknown): string {
  if (value === null) return "null";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}
