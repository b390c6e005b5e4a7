/**
 * The stamp of a bundle folder's code: the size and modification time of
 * every TypeScript, JavaScript and JSON file under it (model code, the
 * local files it imports, JSON it reads), so that a change to any of them
 * changes the folder's fingerprint and the repository reloads the model —
 * as it does when model.yaml or a model file changes. Hidden entries,
 * `node_modules/` and `test_cases/` are not looked into.
 *
 * @module
 */
import { join } from "node:path";
import { CODE_EXTENSIONS } from "../bundle/model_code.ts";

/** Files and folders looked at in one bundle, at most (a guard against huge trees). */
const MAX_ENTRIES = 5_000;

const STAMPED: readonly string[] = [...CODE_EXTENSIONS, ".json"];
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(["node_modules", "test_cases"]);

/** `path:size@mtime` of each code file under `dir`, sorted and joined; "" when there is none. */
export async function codeStamp(dir: string): Promise<string> {
  const stamps: string[] = [];
  let seen = 0;
  const visit = async (folder: string, prefix: string): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(folder));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES || entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await visit(path, relative);
      } else if (STAMPED.some((extension) => entry.name.endsWith(extension))) {
        try {
          const info = await Deno.stat(path);
          stamps.push(`${relative}:${info.size}@${info.mtime?.getTime() ?? 0}`);
        } catch { /* gone meanwhile: the next scan sees it */ }
      }
    }
  };
  await visit(dir, "");
  return stamps.sort().join(",");
}
