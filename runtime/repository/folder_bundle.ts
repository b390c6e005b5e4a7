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
import { statOrNull } from "../bundle/folder_entries.ts";
import type { Bundle } from "../bundle/types.ts";

/** The bundle in repository folder `dir`; errors as {@link loadBundle}'s. */
export async function loadFolderBundle(dir: string): Promise<Bundle> {
  const holdsModelYaml = (await statOrNull(join(dir, "model.yaml")))?.isFile === true;
  return await loadBundle(dir, { anyFolderName: holdsModelYaml });
}
