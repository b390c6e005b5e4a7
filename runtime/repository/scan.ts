/**
 * Reads a model repository folder: each subfolder is one model, named by the
 * folder, in one of four layouts — an asset bundle (model.yaml, or `x.y.z`
 * version folders holding one), a Caikit model folder (`config.yml` naming
 * a Caikit module id), a bare `model.onnx`, or numbered version folders
 * `<n>/model.onnx` (the highest is served). A folder whose layout is
 * not recognisable yet (empty, still being copied) is skipped until it is.
 *
 * @module
 */
import { join } from "node:path";
import { isUrlSafeName } from "../core/model_names.ts";

/** How a repository folder holds its model. */
export type FolderLayout = "bundle" | "caikit" | "onnx" | "versioned-onnx";

/** A repository folder that holds a model. */
export interface ModelFolder {
  /** The model name (the folder name). */
  readonly name: string;
  /** The layout found. */
  readonly layout: FolderLayout;
  /** Absolute path of what to load: the bundle folder, or the folder holding model.onnx. */
  readonly path: string;
  /**
   * The version served: the numbered folder, `1` for a bare model.onnx, or ""
   * for bundles and Caikit folders (their files say).
   */
  readonly version: string;
  /**
   * Changes whenever the served file or version changes (layout, path, size
   * and modification time of model.yaml or model.onnx): a new fingerprint
   * means reload.
   */
  readonly fingerprint: string;
}

/** A repository folder that cannot be served, and why. */
export interface InvalidFolder {
  /** The folder name. */
  readonly name: string;
  /** Why it cannot be served. */
  readonly reason: string;
}

/** What one scan of the repository found. */
export interface RepositoryScan {
  /** Folders holding a model, by name. */
  readonly models: ReadonlyMap<string, ModelFolder>;
  /** Folders that can never be served as they are (e.g. a name that is not URL-safe). */
  readonly invalid: ReadonlyMap<string, InvalidFolder>;
}

/** The file name of a plain ONNX model in a repository folder. */
export const ONNX_FILE = "model.onnx";

/** The config file of a Caikit model folder. */
export const CAIKIT_CONFIG_FILE = "config.yml";

/**
 * Scans `dir`. Hidden entries (starting with `.`) and files are ignored. A
 * repository folder that cannot be read is a thrown error (the caller keeps
 * what it has).
 */
export async function scanRepository(dir: string): Promise<RepositoryScan> {
  const models = new Map<string, ModelFolder>();
  const invalid = new Map<string, InvalidFolder>();
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (!(await isDirectory(path))) continue;
    if (!isUrlSafeName(entry.name)) {
      invalid.set(entry.name, {
        name: entry.name,
        reason: `folder name '${entry.name}' is not URL-safe: use lower-case a-z, 0-9, '.', ` +
          `'_' and '-' only (e.g. '${entry.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}')`,
      });
      continue;
    }
    const folder = await readModelFolder(entry.name, path);
    if (folder) models.set(folder.name, folder);
  }
  return { models, invalid };
}

/** The model in folder `path` named `name`, or null when it holds none (yet). */
export async function readModelFolder(name: string, path: string): Promise<ModelFolder | null> {
  const modelYaml = await fileStamp(join(path, "model.yaml"));
  if (modelYaml) return folder(name, "bundle", path, "", modelYaml);
  const caikitConfig = await fileStamp(join(path, CAIKIT_CONFIG_FILE));
  if (caikitConfig) return folder(name, "caikit", path, "", caikitConfig);
  const onnx = await fileStamp(join(path, ONNX_FILE));
  if (onnx) return folder(name, "onnx", path, "1", onnx);
  const versions: { number: number; name: string }[] = [];
  const semverFolders: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (/^\d+$/.test(entry.name)) versions.push({ number: Number(entry.name), name: entry.name });
    else if (/^\d+\.\d+\.\d+$/.test(entry.name)) semverFolders.push(entry.name);
  }
  versions.sort((a, b) => b.number - a.number);
  for (const version of versions) {
    const versionPath = join(path, version.name);
    const stamp = await fileStamp(join(versionPath, ONNX_FILE));
    if (stamp) return folder(name, "versioned-onnx", versionPath, version.name, stamp);
  }
  const stamps: string[] = [];
  for (const version of semverFolders.sort()) {
    const stamp = await fileStamp(join(path, version, "model.yaml"));
    if (stamp) stamps.push(`${version}:${stamp}`);
  }
  return stamps.length > 0 ? folder(name, "bundle", path, "", stamps.join(",")) : null;
}

function folder(
  name: string,
  layout: FolderLayout,
  path: string,
  version: string,
  stamp: string,
): ModelFolder {
  return { name, layout, path, version, fingerprint: `${layout}|${path}|${stamp}` };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** `size@mtime` of a regular file, or null when there is none. */
async function fileStamp(path: string): Promise<string | null> {
  try {
    const info = await Deno.stat(path);
    return info.isFile ? `${info.size}@${info.mtime?.getTime() ?? 0}` : null;
  } catch {
    return null;
  }
}
