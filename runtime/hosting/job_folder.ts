/**
 * The folder of a training job that has one of its own:
 * `<trainingDir>/<trainingId>/<name>/`, the saved model folder itself. The
 * worker writes the bundle inside the job's staging folder; here the
 * version folder it wrote becomes `<staging>/<name>/`, the caller's hook
 * completes it, and the staging folder is renamed to
 * `<trainingDir>/<trainingId>` in one step — so the job's folder appears
 * complete or not at all.
 *
 * @module
 */
import { join } from "node:path";

/** The folder inside a job's staging folder the worker writes its bundle root to. */
export const STAGED_BUNDLE = ".bundle";

/** What {@link placeJobFolder} moves where. */
export interface JobFolderPlacement {
  /** The job's staging folder. */
  readonly staging: string;
  /** The version folder the worker wrote (inside the staging folder). */
  readonly stagedVersion: string;
  /** Where the job's folder goes, `<trainingDir>/<trainingId>`. */
  readonly target: string;
  /** The model's name (its folder's, inside the job's folder). */
  readonly name: string;
  /** Completes the saved model folder before it is moved into place. */
  readonly completeFolder?: (dir: string) => Promise<void>;
}

/** Moves a job's model into place (see the module notes); returns the saved model folder. */
export async function placeJobFolder(placement: JobFolderPlacement): Promise<string> {
  const folder = join(placement.staging, placement.name);
  await Deno.rename(placement.stagedVersion, folder);
  await Deno.remove(join(placement.staging, STAGED_BUNDLE), { recursive: true });
  await placement.completeFolder?.(folder);
  await Deno.rename(placement.staging, placement.target);
  return join(placement.target, placement.name);
}

/** Whether anything is at `path`. */
export function pathExists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes the folder `path` and everything in it, if it is there. */
export async function removeFolder(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch(() => {});
}
