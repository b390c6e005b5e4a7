/**
 * Loads the asset bundle of a repository folder. A folder holding version
 * folders (`x.y.z/model.yaml`) loads as any bundle root does; a folder holding
 * model.yaml itself is named after the model, not its version, so it is read
 * without the bundle loader's rule that a version folder is named like the
 * version it holds.
 *
 * @module
 */
import { join } from "node:path";
import { loadBundle } from "../bundle/load.ts";
import { bundleFileError } from "../bundle/errors.ts";
import { parseDockerMetadata } from "../bundle/docker_metadata.ts";
import { statOrNull } from "../bundle/folder_entries.ts";
import { parseModelSpec } from "../bundle/model_yaml.ts";
import { discoverTestCases } from "../bundle/test_cases.ts";
import type { Bundle } from "../bundle/types.ts";

/** The bundle in repository folder `dir`; errors as {@link loadBundle}'s. */
export async function loadFolderBundle(dir: string): Promise<Bundle> {
  const modelFile = join(dir, "model.yaml");
  if (!(await statOrNull(modelFile))?.isFile) return await loadBundle(dir);
  const spec = parseModelSpec(await readText(modelFile), modelFile);
  const dockerFile = join(dir, "docker_metadata.yaml");
  const docker = (await statOrNull(dockerFile)) === null
    ? null
    : parseDockerMetadata(await readText(dockerFile), dockerFile);
  return { dir, spec, docker, testCases: await discoverTestCases(dir, spec) };
}

async function readText(file: string): Promise<string> {
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw bundleFileError(file, `cannot be read: ${reason}`, { cause: error });
  }
}
