/**
 * Reads one item's input of a tabular classifier: exactly one input file
 * (e.g. `input.json`) holding either a JSON object keyed by feature name
 * (extra keys ignored) or a JSON array of the values in feature order. Every
 * problem is a `bad_request` RuntimeError whose message starts with the file
 * name, e.g. `input.json: feature 'petal_width' is missing`.
 *
 * @module
 */
import { badRequest } from "../errors.ts";
import type { InputFiles } from "../model/contract.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** How inputs are read: the input file's name and the feature names in order. */
export interface TabularInputLayout {
  /** The one input file the model accepts. */
  readonly fileName: string;
  /** Feature names, in model input order. */
  readonly features: readonly string[];
}

/**
 * Validates `input` and writes its feature values, as float32, into `into`
 * starting at `offset` (`layout.features.length` values).
 */
export function readFeatureRow(
  input: InputFiles,
  layout: TabularInputLayout,
  into: Float32Array,
  offset: number,
): void {
  const { fileName, features } = layout;
  for (const name of input.keys()) {
    if (name !== fileName) {
      throw badRequest(`unknown input file '${name}'; this model reads only '${fileName}'`);
    }
  }
  const bytes = input.get(fileName);
  if (bytes === undefined) throw badRequest(`missing input file '${fileName}'`);
  const document = parseJson(fileName, bytes);
  if (Array.isArray(document)) {
    if (document.length !== features.length) {
      throw badRequest(
        `${fileName}: expected an array of ${features.length} numbers ` +
          `(${features.join(", ")}), got ${document.length}`,
      );
    }
    features.forEach((feature, index) => {
      into[offset + index] = featureValue(fileName, feature, document[index]);
    });
    return;
  }
  if (document === null || typeof document !== "object") {
    throw badRequest(
      `${fileName}: expected a JSON object keyed by feature name or an array of ` +
        `${features.length} numbers, got ${jsonTypeName(document)}`,
    );
  }
  const record = document as Record<string, unknown>;
  features.forEach((feature, index) => {
    if (!Object.hasOwn(record, feature)) {
      throw badRequest(`${fileName}: feature '${feature}' is missing`);
    }
    into[offset + index] = featureValue(fileName, feature, record[feature]);
  });
}

function parseJson(fileName: string, bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw badRequest(`${fileName}: not valid UTF-8 text`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`${fileName}: not valid JSON`, { cause: error });
  }
}

function featureValue(fileName: string, feature: string, value: unknown): number {
  if (typeof value !== "number") {
    throw badRequest(
      `${fileName}: feature '${feature}' must be a number, got ${describeValue(value)}`,
    );
  }
  const single = Math.fround(value);
  if (!Number.isFinite(single)) {
    throw badRequest(
      `${fileName}: feature '${feature}' must be a number within the float32 range, ` +
        `got ${value}`,
    );
  }
  return single;
}

function jsonTypeName(value: unknown): string {
  if (value === null) return "null";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return String(value);
}
