/**
 * The settings of the `tabular-classifier` module, as written under
 * `module.config` in model.yaml, and their validation. The trainer writes
 * them; the serving module reads them back through
 * {@link parseTabularClassifierConfig}.
 *
 * @module
 */
import { bundleError } from "../bundle/errors.ts";

/** Registered id of the tabular classifier module. */
export const TABULAR_CLASSIFIER_ID = "tabular-classifier";

/** Validated `module.config` of a tabular classifier bundle. */
export interface TabularClassifierConfig {
  /** ONNX file, relative to the bundle folder (e.g. `model.onnx`). */
  readonly artifact: string;
  /** Feature names, in model input order. */
  readonly features: readonly string[];
  /** Class labels, in model output order. */
  readonly labels: readonly string[];
  /** Name of the input file (e.g. `input.json`). */
  readonly input: string;
  /** Name of the output file (e.g. `results.json`). */
  readonly output: string;
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
  return {
    artifact: relativeFile(config, "artifact", file),
    features: distinctNames(config, "features", 1, file),
    labels: distinctNames(config, "labels", 2, file),
    input: plainFileName(config, "input", file),
    output: plainFileName(config, "output", file),
  };
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
