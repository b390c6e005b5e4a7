/**
 * Copies a fixture folder (files and subfolders) somewhere a test may
 * write, e.g. a temporary folder, so a server started on it never writes
 * into the repository.
 *
 * @module
 */
import { join } from "node:path";

/** Copies the folder `from` into `to` (created), recursively. */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyTree(join(from, entry.name), join(to, entry.name));
    else await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}
