/**
 * Model code in a bundle: model.yaml's `module.code` names a TypeScript or
 * JavaScript file of the version folder that exports the model (a
 * `ModelWrapper` or a `RuntimeModule` of mod.ts). This module holds the rule
 * for that path; loading the code is the hosting layer's job
 * (runtime/hosting/code_wrapper.ts).
 *
 * @module
 */

/** File name extensions model code may have. */
export const CODE_EXTENSIONS: readonly string[] = [".ts", ".mts", ".tsx", ".js", ".mjs", ".jsx"];

/**
 * Why `path` cannot name a bundle's model code, or null when it can: a
 * relative path inside the version folder (`model.ts`, `src/model.ts`), with
 * `/` separators, no `.` or `..` segment, ending in one of
 * {@link CODE_EXTENSIONS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codePathProblem } from "./model_code.ts";
 * assert.equal(codePathProblem("model.ts"), null);
 * assert.match(codePathProblem("../shared.ts") ?? "", /inside the version folder/);
 * ```
 */
export function codePathProblem(path: string): string | null {
  if (path.trim() === "") return "is empty";
  if (path.startsWith("/") || /^[a-zA-Z]:/.test(path) || path.includes("\\")) {
    return `must be a path relative to the version folder with / separators, got '${path}'`;
  }
  if (path.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    return `must name a file inside the version folder (no '.', '..' or empty segment), got '${path}'`;
  }
  if (!CODE_EXTENSIONS.some((extension) => path.endsWith(extension))) {
    return `must name a TypeScript or JavaScript file (${
      CODE_EXTENSIONS.join(", ")
    }), got '${path}'`;
  }
  return null;
}
