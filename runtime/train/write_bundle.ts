/**
 * Writes a bundle version folder atomically: every file goes into a fresh
 * temporary folder inside the bundle root, which is then renamed to
 * `<root>/<version>`. On any failure the temporary folder is removed, so a
 * reader never sees a half-written bundle. An existing non-empty version
 * folder is refused unless `force` is given; with `force` it is moved aside,
 * replaced, then deleted. Other versions in the root are left alone.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { badRequest, internalError, RuntimeError } from "../base/errors.ts";

/** Files of a bundle: path relative to the version folder (`/`-separated) to bytes. */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Throws `bad_request` when `<root>/<version>` exists and is not an empty
 * folder, unless `force` is true. Call it before expensive work to fail
 * fast; {@link writeBundle} checks again before it replaces anything.
 */
export async function checkBundleTarget(
  root: string,
  version: string,
  force: boolean,
): Promise<void> {
  const target = join(root, version);
  if (force || await isAbsentOrEmptyFolder(target)) return;
  throw badRequest(
    `${target} already exists and is not empty; choose another version, or replace it with ` +
      `force (--force)`,
  );
}

/**
 * Writes `files` to `<root>/<version>` atomically (see the module notes) and
 * returns the folder's path. Creates `root` when needed (and removes it again
 * if the write fails and it is still empty).
 */
export async function writeBundle(
  root: string,
  version: string,
  files: BundleFiles,
  force: boolean,
): Promise<string> {
  await checkBundleTarget(root, version, force);
  const target = join(root, version);
  const createdRoot = !(await exists(root));
  await Deno.mkdir(root, { recursive: true });
  let staging: string | undefined;
  try {
    staging = await Deno.makeTempDir({ dir: root, prefix: `.${version}.writing-` });
    for (const [relative, bytes] of files) {
      const path = join(staging, ...relative.split("/"));
      await Deno.mkdir(dirname(path), { recursive: true });
      await Deno.writeFile(path, bytes);
    }
    await Deno.chmod(staging, 0o755);
    await moveIntoPlace(staging, target, root, version);
    staging = undefined;
    return target;
  } catch (error) {
    if (staging !== undefined) await Deno.remove(staging, { recursive: true }).catch(() => {});
    if (createdRoot) await Deno.remove(root).catch(() => {});
    throw error;
  }
}

/**
 * {@link writeBundle} for the trainer: a file-system failure becomes an
 * `internal` RuntimeError naming the folder (runtime errors pass as they are).
 */
export async function writeTrainedBundle(
  root: string,
  version: string,
  files: BundleFiles,
  force: boolean,
): Promise<string> {
  try {
    return await writeBundle(root, version, files, force);
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw internalError(`cannot write the bundle to ${join(root, version)}: ${reason}`, {
      cause: error,
    });
  }
}

/** Renames `staging` to `target`, first moving an existing `target` aside. */
async function moveIntoPlace(
  staging: string,
  target: string,
  root: string,
  version: string,
): Promise<void> {
  if (!(await exists(target))) {
    await Deno.rename(staging, target);
    return;
  }
  const aside = join(root, `.${version}.replaced-${crypto.randomUUID()}`);
  await Deno.rename(target, aside);
  try {
    await Deno.rename(staging, target);
  } catch (error) {
    await Deno.rename(aside, target);
    throw error;
  }
  await Deno.remove(aside, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function isAbsentOrEmptyFolder(path: string): Promise<boolean> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
  if (!info.isDirectory) return false;
  for await (const _ of Deno.readDir(path)) return false;
  return true;
}
