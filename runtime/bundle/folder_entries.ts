/**
 * Lists a folder of the bundle with symbolic links followed, sorted by name,
 * turning file-system failures into bundle errors that name the path.
 *
 * @module
 */
import { join } from "node:path";
import { bundleFileError } from "./errors.ts";

/** One entry of a folder, with symbolic links resolved to what they point at. */
export interface FolderEntry {
  /** The entry's name inside the folder. */
  readonly name: string;
  /** Absolute path of the entry. */
  readonly path: string;
  /** The entry is (or links to) a folder. */
  readonly isDirectory: boolean;
  /** The entry is (or links to) a regular file. */
  readonly isFile: boolean;
}

/**
 * Returns the entries of folder `dir`, sorted by name (code-unit order, the
 * same on every machine). A folder that cannot be read is an `internal`
 * error naming it; a dangling link is listed as neither file nor folder.
 */
export async function listFolder(dir: string): Promise<FolderEntry[]> {
  const entries: FolderEntry[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      const target = entry.isSymlink ? await statOrNull(path) : entry;
      entries.push({
        name: entry.name,
        path,
        isDirectory: target?.isDirectory ?? false,
        isFile: target?.isFile ?? false,
      });
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw bundleFileError(dir, `cannot be listed: ${reason}`, { cause: error });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Returns what `path` is (following links), or null when nothing is there.
 * Other failures (no permission, ...) are `internal` errors naming the path.
 */
export async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    const reason = error instanceof Error ? error.message : String(error);
    throw bundleFileError(path, `cannot be read: ${reason}`, { cause: error });
  }
}
