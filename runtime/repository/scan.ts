/**
 * Reads a model repository folder: each subfolder is one model, named by the
 * folder, in one of four layouts — an asset bundle (model.yaml, or `x.y.z`
 * version folders holding one), a Caikit model folder (`config.yml` naming
 * a Caikit module id), a bare model file, or numbered version folders `<n>/`
 * holding one (the highest is served). Which files are model files, the
 * backends say (runtime/backends/model_backends.ts): for ONNX, `model.onnx`,
 * or else the only `*.onnx` file. A folder whose layout is not recognisable
 * (yet: empty, still being copied) or whose name is not a safe model name
 * (runtime/core/model_names.ts) is reported with its reason.
 *
 * @module
 */
import { join } from "node:path";
import { findModelFile } from "../backends/model_backends.ts";
import type { ModelBackend } from "../model/model_backend.ts";
import { folderNameReason, noModelReason } from "./unservable_folder.ts";
import { codeStamp } from "./code_stamp.ts";

/** How a repository folder holds its model. */
export type FolderLayout = "bundle" | "caikit" | "file" | "versioned-file";

/** A bare model file of a repository folder: its backend and its name in the folder. */
export interface ModelFile {
  /** The backend that serves it. */
  readonly backend: ModelBackend;
  /** The file name (no folder). */
  readonly name: string;
}

/** A repository folder that holds a model. */
export interface ModelFolder {
  /** The model name (the folder name). */
  readonly name: string;
  /** The layout found. */
  readonly layout: FolderLayout;
  /** Absolute path of what to load: the bundle folder, or the folder holding the model file. */
  readonly path: string;
  /**
   * The version served: the numbered folder, `1` for a bare model file, or ""
   * for bundles and Caikit folders (their files say).
   */
  readonly version: string;
  /** The model file of the `file` and `versioned-file` layouts; null for bundles. */
  readonly file: ModelFile | null;
  /**
   * Changes whenever the served file or version changes (layout, path, name,
   * size and modification time of model.yaml or the model file, and of a
   * bundle's code files: code_stamp.ts): a new fingerprint means reload.
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
  /** Folders that cannot be served as they are (an unsafe name, no model found), with why. */
  readonly invalid: ReadonlyMap<string, InvalidFolder>;
}

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
    const badName = folderNameReason(entry.name);
    if (badName !== null) {
      invalid.set(entry.name, { name: entry.name, reason: badName });
      continue;
    }
    const folder = await readModelFolder(entry.name, path);
    if (folder) models.set(folder.name, folder);
    else invalid.set(entry.name, { name: entry.name, reason: await noModelReason(path) });
  }
  return { models, invalid };
}

/** The model in folder `path` named `name`, or null when it holds none (yet). */
export async function readModelFolder(name: string, path: string): Promise<ModelFolder | null> {
  const modelYaml = await fileStamp(join(path, "model.yaml"));
  if (modelYaml) return folder(name, "bundle", path, "", null, modelYaml + await codeStamp(path));
  const caikitConfig = await fileStamp(join(path, CAIKIT_CONFIG_FILE));
  if (caikitConfig) return folder(name, "caikit", path, "", null, caikitConfig);
  const entries = await folderEntries(path);
  const bare = await stampedModelFile(path, entries.files);
  if (bare) return folder(name, "file", path, "1", bare.file, bare.stamp);
  const versions: { number: number; name: string }[] = [];
  const semverFolders: string[] = [];
  for (const entry of entries.names) {
    if (/^\d+$/.test(entry)) versions.push({ number: Number(entry), name: entry });
    else if (/^\d+\.\d+\.\d+$/.test(entry)) semverFolders.push(entry);
  }
  versions.sort((a, b) => b.number - a.number);
  for (const version of versions) {
    const versionPath = join(path, version.name);
    const inside = await folderEntries(versionPath).catch(() => ({ names: [], files: [] }));
    const found = await stampedModelFile(versionPath, inside.files);
    if (found) {
      return folder(name, "versioned-file", versionPath, version.name, found.file, found.stamp);
    }
  }
  const stamps: string[] = [];
  for (const version of semverFolders.sort()) {
    const stamp = await fileStamp(join(path, version, "model.yaml"));
    if (stamp) stamps.push(`${version}:${stamp}${await codeStamp(join(path, version))}`);
  }
  return stamps.length > 0 ? folder(name, "bundle", path, "", null, stamps.join(",")) : null;
}

function folder(
  name: string,
  layout: FolderLayout,
  path: string,
  version: string,
  file: ModelFile | null,
  stamp: string,
): ModelFolder {
  const served = file === null ? path : join(path, file.name);
  return { name, layout, path, version, file, fingerprint: `${layout}|${served}|${stamp}` };
}

/** The names in folder `path`: all of them, and those that are not folders (files, links). */
async function folderEntries(path: string): Promise<{ names: string[]; files: string[] }> {
  const names: string[] = [];
  const files: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    names.push(entry.name);
    if (!entry.isDirectory) files.push(entry.name);
  }
  return { names, files };
}

/** The model file among `fileNames` of folder `path` (the backends pick it), with its stamp. */
async function stampedModelFile(
  path: string,
  fileNames: readonly string[],
): Promise<{ file: ModelFile; stamp: string } | null> {
  const found = findModelFile(fileNames);
  if (found === null) return null;
  const stamp = await fileStamp(join(path, found.file));
  return stamp === null ? null : { file: { backend: found.backend, name: found.file }, stamp };
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
