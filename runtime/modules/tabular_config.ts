/**
 * The settings of the `tabular-classifier` and `tabular-regressor` modules,
 * as written under `module.config` in model.yaml, and their validation. The
 * trainer writes them; the serving modules read them back through
 * {@link parseTabularClassifierConfig} and {@link parseTabularRegressorConfig}
 * (a regressor's config is a classifier's without `labels`).
 *
 * @module
 */
import { bundleError } from "../bundle/errors.ts";
import {
  type ColumnEncoding,
  type FeaturePipeline,
  numericPipeline,
  pipelineWidth,
} from "./tabular_pipeline.ts";

/** Registered id of the tabular classifier module. */
export const TABULAR_CLASSIFIER_ID = "tabular-classifier";
/** Registered id of the tabular regressor module. */
export const TABULAR_REGRESSOR_ID = "tabular-regressor";

/** Validated `module.config` of a tabular regressor bundle (and the base of a classifier's). */
export interface TabularRegressorConfig {
  /** ONNX file, relative to the bundle folder (e.g. `model.onnx`). */
  readonly artifact: string;
  /** Feature names, in model input order. */
  readonly features: readonly string[];
  /** Name of the input file (e.g. `input.json`). */
  readonly input: string;
  /** Name of the output file (e.g. `results.json`). */
  readonly output: string;
  /**
   * How raw inputs become model inputs (`module.config.columns`); when the
   * key is absent, every feature is a plain numeric column.
   */
  readonly pipeline: FeaturePipeline;
  /** Model inputs per row (the ONNX input width). */
  readonly width: number;
}

/** Validated `module.config` of a tabular classifier bundle. */
export interface TabularClassifierConfig extends TabularRegressorConfig {
  /** Class labels, in model output order. */
  readonly labels: readonly string[];
}

/**
 * Validates a raw `module.config` mapping. `file` (the model.yaml path) and
 * the key prefix `module.config` start every message, e.g.
 * `/b/0.1.0/model.yaml: module.config.labels: must be a list of at least 2
 * distinct non-empty strings, got "x"`. Errors are `internal`: a broken
 * bundle is a deployment fault, not a bad request.
 */
export function parseTabularClassifierConfig(
  config: Readonly<Record<string, unknown>>,
  file: string,
): TabularClassifierConfig {
  const base = parseTabularRegressorConfig(config, file);
  return { ...base, labels: distinctNames(config, "labels", 2, file) };
}

/**
 * Validates the raw `module.config` of a tabular regressor: the keys of a
 * classifier's but `labels` (the model answers one number). Errors as
 * {@link parseTabularClassifierConfig}.
 */
export function parseTabularRegressorConfig(
  config: Readonly<Record<string, unknown>>,
  file: string,
): TabularRegressorConfig {
  const features = distinctNames(config, "features", 1, file);
  const pipeline = config.columns === undefined
    ? numericPipeline(features)
    : { columns: parseColumns(config.columns, features, file) };
  return {
    artifact: relativeFile(config, "artifact", file),
    features,
    input: plainFileName(config, "input", file),
    output: plainFileName(config, "output", file),
    pipeline,
    width: pipelineWidth(pipeline),
  };
}

/** Validates `module.config.columns`: one entry per feature, in feature order. */
function parseColumns(
  value: unknown,
  features: readonly string[],
  file: string,
): ColumnEncoding[] {
  if (!Array.isArray(value) || value.length !== features.length) {
    fail(file, "columns", `must be a list of ${features.length} column encodings`, value);
  }
  return (value as unknown[]).map((entry, index) => {
    const key = `columns[${index}]`;
    const column = (entry ?? {}) as Record<string, unknown>;
    if (column.name !== features[index]) {
      fail(file, `${key}.name`, `must be '${features[index]}'`, column.name);
    }
    const name = features[index];
    if (column.kind === "numeric") {
      const impute = column.impute ?? null;
      if (impute !== null && (typeof impute !== "number" || !Number.isFinite(impute))) {
        fail(file, `${key}.impute`, "must be a number or null", impute);
      }
      return { name, kind: "numeric", impute: impute as number | null };
    }
    if (column.kind === "categorical") {
      const categories = column.categories;
      const valid = Array.isArray(categories) && categories.length >= 1 &&
        categories.every((item) => typeof item === "string") &&
        new Set(categories).size === categories.length;
      if (!valid) fail(file, `${key}.categories`, "must be a list of distinct strings", categories);
      return { name, kind: "categorical", categories: [...(categories as string[])] };
    }
    if (column.kind === "text") {
      const buckets = column.buckets;
      if (typeof buckets !== "number" || !Number.isInteger(buckets) || buckets < 1) {
        fail(file, `${key}.buckets`, "must be a positive whole number", buckets);
      }
      return {
        name,
        kind: "text",
        buckets: buckets as number,
        wordNgrams: ngramRange(column.wordNgrams, `${key}.wordNgrams`, file),
        charNgrams: ngramRange(column.charNgrams, `${key}.charNgrams`, file),
      };
    }
    if (column.kind === "tfidf") {
      const terms = column.terms;
      if (typeof terms !== "number" || !Number.isInteger(terms) || terms < 1) {
        fail(file, `${key}.terms`, "must be a positive whole number", terms);
      }
      return { name, kind: "tfidf", terms: terms as number };
    }
    return fail(file, `${key}.kind`, "must be numeric, categorical, text or tfidf", column.kind);
  });
}

function ngramRange(value: unknown, key: string, file: string): [number, number] {
  const valid = Array.isArray(value) && value.length === 2 &&
    value.every((item) => Number.isInteger(item) && item >= 1 && item <= 10) &&
    value[0] <= value[1];
  if (!valid) fail(file, key, "must be [smallest, largest] n-gram sizes from 1 to 10", value);
  return [(value as number[])[0], (value as number[])[1]];
}

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value) ?? String(value);
}

function fail(file: string, key: string, problem: string, value: unknown): never {
  throw bundleError(file, `module.config.${key}`, `${problem}, got ${describe(value)}`);
}

function relativeFile(config: Readonly<Record<string, unknown>>, key: string, file: string) {
  const value = config[key];
  const valid = typeof value === "string" && value.trim() !== "" && !value.startsWith("/") &&
    !value.split(/[/\\]/).includes("..");
  if (!valid) fail(file, key, "must be a file path inside the bundle folder", value);
  return value as string;
}

function plainFileName(config: Readonly<Record<string, unknown>>, key: string, file: string) {
  const value = config[key];
  const valid = typeof value === "string" && value.trim() !== "" && value !== "." &&
    value !== ".." && !/[/\\]/.test(value);
  if (!valid) fail(file, key, "must be a plain file name", value);
  return value as string;
}

function distinctNames(
  config: Readonly<Record<string, unknown>>,
  key: string,
  minimum: number,
  file: string,
): readonly string[] {
  const value = config[key];
  const valid = Array.isArray(value) && value.length >= minimum &&
    value.every((item) => typeof item === "string" && item !== "") &&
    new Set(value).size === value.length;
  if (!valid) {
    fail(
      file,
      key,
      `must be a list of at least ${minimum} distinct non-empty strings`,
      value,
    );
  }
  return [...(value as string[])];
}
