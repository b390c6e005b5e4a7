/**
 * Model names as clients type them in URLs and metadata.
 *
 * @module
 */

/**
 * The URL-safe form of a model name: lower-case, every run of characters
 * other than `a-z 0-9 . _ -` replaced by one `-`.
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
