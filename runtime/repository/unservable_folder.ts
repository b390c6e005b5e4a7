/**
 * Why a repository folder holds no model the runtime can serve, in words a
 * user can act on: the scan reports such a folder in the repository index
 * and the log instead of skipping it silently.
 *
 * @module
 */
import { join } from "node:path";
import { MODEL_BACKENDS } from "../backends/model_backends.ts";
import { MODEL_NAME_RULE, modelNameProblem } from "../core/model_names.ts";

/** Why the folder name `name` cannot name a model, or null when it can. */
export function folderNameReason(name: string): string | null {
  const problem = modelNameProblem(name);
  return problem === null ? null : `folder name '${name}' cannot name a model: ${problem} ` +
    `(${MODEL_NAME_RULE})`;
}

/**
 * Why the folder `path` holds no servable model (the scan found neither
 * model.yaml, nor a model file, nor a version folder holding one).
 */
export async function noModelReason(path: string): Promise<string> {
  const names: string[] = [];
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(path)) {
      names.push(entry.name);
      if (!entry.isDirectory) files.push(entry.name);
    }
  } catch (error) {
    return `the folder cannot be read: ${(error as Error).message}`;
  }
  const visible = names.filter((name) => !name.startsWith("."));
  if (visible.length === 0) return "the folder is empty (no model yet)";
  for (const backend of MODEL_BACKENDS) {
    const candidates = files.filter((file) => backend.recognises(file)).sort();
    if (candidates.length > 1) {
      return `several ${backend.id} model files (${candidates.join(", ")}) and no ` +
        `${backend.modelFile}: rename the one to serve ${backend.modelFile}, or add a ` +
        `model.yaml naming it`;
    }
  }
  const numbered = visible.filter((name) => /^\d+$/.test(name));
  const known = MODEL_BACKENDS.map((backend) => backend.modelFile).join(" or ");
  if (numbered.length > 0) {
    return `no numbered version folder (${numbered.sort().join(", ")}) holds a model file ` +
      `(${known}, or a lone model file)`;
  }
  const semver = visible.filter((name) => /^\d+\.\d+\.\d+$/.test(name));
  if (semver.length > 0) {
    return `no version folder (${semver.sort().join(", ")}) holds a model.yaml ` +
      `(looked for ${join(semver[0], "model.yaml")})`;
  }
  return `holds no model.yaml, no model file (${known}, or a lone model file) and no ` +
    `version folder`;
}
