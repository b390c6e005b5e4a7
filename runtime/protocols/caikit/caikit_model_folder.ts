/**
 * Caikit model folders on disk: the `config.yml` a trained model's folder
 * gets (Caikit module id, class name and version, then the module's own
 * keys from its model.yaml `module.config`), so a Caikit runtime's
 * `local_models_dir` — and this runtime's repository — can load it as it
 * is; and a folder's size in bytes (ModelMesh asks for it).
 *
 * @module
 */
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { CaikitFace } from "../../model/caikit_face.ts";

/** The Caikit config file of a model folder. */
export const CAIKIT_CONFIG_FILE = "config.yml";

/** Keys of config.yml the runtime writes itself (a module key of the same name is dropped). */
const OWN_KEYS = new Set(["module_id", "block_id", "name", "version"]);

/** Writes `<dir>/config.yml` for a model of `face`'s module saved in `dir`. */
export async function writeCaikitConfig(dir: string, face: CaikitFace): Promise<void> {
  let moduleConfig: Record<string, unknown> = {};
  try {
    const document = parse(await Deno.readTextFile(join(dir, "model.yaml"))) as {
      module?: { config?: Record<string, unknown> };
    };
    moduleConfig = document?.module?.config ?? {};
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const config: Record<string, unknown> = {
    module_id: face.module.id,
    name: face.module.name,
    version: face.module.version,
  };
  for (const [key, value] of Object.entries(moduleConfig)) {
    if (!OWN_KEYS.has(key)) config[key] = value;
  }
  await Deno.writeTextFile(join(dir, CAIKIT_CONFIG_FILE), stringify(config, { lineWidth: 0 }));
}

/** The bytes of every file under `path` (a file: its own size). */
export async function folderBytes(path: string): Promise<number> {
  const info = await Deno.stat(path);
  if (!info.isDirectory) return info.size;
  let total = 0;
  for await (const entry of Deno.readDir(path)) {
    const child = join(path, entry.name);
    if (entry.isDirectory) total += await folderBytes(child);
    else if (entry.isFile) total += (await Deno.stat(child)).size;
  }
  return total;
}
