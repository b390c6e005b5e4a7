/**
 * Model names as clients type them in URLs and metadata. One rule names
 * every served model — repository folders, trained models, `mm-model-id`,
 * Open Inference Protocol paths (percent-decoded) and metrics labels: any
 * safe single path segment, kept exactly as given (case-sensitive, as in
 * Triton: `ResNet50`, `test_castlike_FLOAT16_to_DOUBLE`). Only the default
 * bundle's name is derived, from model.yaml's `name`, by {@link urlSafeName}.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";

/** Characters no model name may hold: path separators and what file systems reserve. */
const RESERVED = /[/\\:*?"<>|]/;

/** Longest model name, in characters (file systems allow 255 bytes per segment). */
export const MAX_MODEL_NAME_LENGTH = 200;

/** The rule, as error messages state it. */
export const MODEL_NAME_RULE = "a model name is one path segment of 1 to " +
  `${MAX_MODEL_NAME_LENGTH} characters, kept as given (case-sensitive), that does not start ` +
  `with '.', has no leading or trailing space, no control character and none of / \\ : * ? " < > |`;

/**
 * Why `name` is not a safe model name, or null when it is one (see
 * {@link MODEL_NAME_RULE}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { modelNameProblem } from "./model_names.ts";
 * assert.equal(modelNameProblem("ResNet50"), null);
 * assert.match(modelNameProblem("a/b") ?? "", /'\/'/);
 * ```
 */
export function modelNameProblem(name: string): string | null {
  if (name.length === 0) return "the name is empty";
  if (name.length > MAX_MODEL_NAME_LENGTH) {
    return `the name is ${name.length} characters long (at most ${MAX_MODEL_NAME_LENGTH})`;
  }
  if (name.startsWith(".")) return "the name starts with '.'";
  if (name.trim() !== name) return "the name starts or ends with a space";
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "the name holds a control character";
  const reserved = RESERVED.exec(name);
  if (reserved) return `the name holds '${reserved[0]}'`;
  return null;
}

/**
 * `name` when it is a safe model name; else a `bad_request` RuntimeError
 * naming `field` (e.g. `model_name`), the problem and the rule.
 */
export function requireSafeModelName(name: string, field: string): string {
  if (name === "") throw badRequest(`${field} is required: ${MODEL_NAME_RULE}`);
  const problem = modelNameProblem(name);
  if (problem !== null) {
    throw badRequest(`${field} '${name}' is not a safe name: ${problem}; ${MODEL_NAME_RULE}`);
  }
  return name;
}

/** True when `name` is a safe model name ({@link MODEL_NAME_RULE}). */
export function isSafeModelName(name: string): boolean {
  return modelNameProblem(name) === null;
}

/**
 * The URL-safe form of a model name: lower-case, every run of characters
 * other than `a-z 0-9 . _ -` replaced by one `-`. The default bundle is
 * served under this form of its model.yaml `name`; Kubernetes object names
 * start from it.
 *
 * @example
 * ```ts
 * import { urlSafeName } from "./model_names.ts";
 * console.log(urlSafeName("Iris Classifier")); // "iris-classifier"
 * ```
 */
export function urlSafeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-");
}

/** True when `name` is already URL-safe (and not empty). */
export function isUrlSafeName(name: string): boolean {
  return name.length > 0 && urlSafeName(name) === name;
}
