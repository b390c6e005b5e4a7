/**
 * Loads an asset bundle from disk: finds the version folder, reads and
 * validates model.yaml and docker_metadata.yaml, checks that the folder name
 * equals the declared version, and discovers the functional test cases.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { notFound } from "../base/errors.ts";
import { parseDockerMetadata } from "./docker_metadata.ts";
import { bundleError, bundleFileError } from "./errors.ts";
import { listFolder, statOrNull } from "./folder_entries.ts";
import { parseModelSpec } from "./model_yaml.ts";
import { highestSemver, isSemver } from "./semver.ts";
import { discoverTestCases } from "./test_cases.ts";
import type { Bundle } from "./types.ts";

/** How {@link loadBundle} reads a bundle. */
export interface LoadBundleOptions {
  /**
   * Accept a folder holding model.yaml whatever its name (a saved model
   * folder named after the model, not its version).
   */
  readonly anyFolderName?: boolean;
}

/**
 * Loads and validates the bundle at `path`: either a version folder holding
 * model.yaml, or a bundle root holding version folders named `x.y.z`, of
 * which the highest version is used (other names are ignored). A relative
 * `path` is resolved against the current directory, as a user typed it. A
 * path that does not exist, or holds neither model.yaml nor a version folder,
 * is a `not_found` {@link RuntimeError} naming it; a bundle whose content is
 * invalid is an `internal` one naming the file and key at fault.
 *
 * @example
 * ```ts ignore
 * import { loadBundle } from "./load.ts";
 * const bundle = await loadBundle("asset_bundle");
 * console.log(bundle.spec.name, bundle.spec.version, bundle.testCases.length);
 * ```
 */
export async function loadBundle(path: string, options: LoadBundleOptions = {}): Promise<Bundle> {
  const dir = await findVersionFolder(resolve(path));
  const modelFile = join(dir, "model.yaml");
  const spec = parseModelSpec(await readBundleText(modelFile), modelFile);
  const folderName = basename(dir);
  if (spec.version !== folderName && !options.anyFolderName) {
    throw bundleError(
      modelFile,
      "version",
      `is ${spec.version} but its folder is named ${folderName}; they must be equal`,
    );
  }
  const dockerFile = join(dir, "docker_metadata.yaml");
  const docker = (await statOrNull(dockerFile)) === null
    ? null
    : parseDockerMetadata(await readBundleText(dockerFile), dockerFile);
  const testCases = await discoverTestCases(dir, spec);
  return { dir, spec, docker, testCases };
}

/**
 * Returns the absolute version folder that `absolutePath` designates: the
 * path itself when it holds model.yaml, else its highest `x.y.z` subfolder.
 * Errors as in {@link loadBundle}.
 */
export async function findVersionFolder(absolutePath: string): Promise<string> {
  const info = await statOrNull(absolutePath);
  if (info === null) throw notFound(`${absolutePath}: no such bundle folder`);
  if (!info.isDirectory) {
    throw notFound(
      `${absolutePath}: is not a folder; give a bundle root or a version folder holding model.yaml`,
    );
  }
  if ((await statOrNull(join(absolutePath, "model.yaml")))?.isFile) return absolutePath;
  const versionNames = (await listFolder(absolutePath))
    .filter((entry) => entry.isDirectory && isSemver(entry.name))
    .map((entry) => entry.name);
  const highest = highestSemver(versionNames);
  if (highest === null) {
    throw notFound(
      `${absolutePath}: holds neither model.yaml nor a version folder named x.y.z`,
    );
  }
  const versionDir = join(absolutePath, highest);
  if (!(await statOrNull(join(versionDir, "model.yaml")))?.isFile) {
    throw notFound(
      `${join(versionDir, "model.yaml")}: not found; ${highest} is the highest version folder`,
    );
  }
  return versionDir;
}

async function readBundleText(file: string): Promise<string> {
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw bundleFileError(file, `cannot be read: ${reason}`, { cause: error });
  }
}
