/**
 * The one place that knows where the runtime's own files live. Protos, the
 * embedded asset bundle and the bundled data are resolved from this module's
 * location (`import.meta.dirname`), never from the current working directory,
 * so the same code runs under `deno run` and inside a `deno compile`
 * executable that embeds those folders with `--include`.
 *
 * @module
 */
import { join, resolve } from "node:path";

const projectRoot = resolve(import.meta.dirname ?? ".", "..", "..");

/** Absolute path of the project (or compiled executable's virtual) root. */
export function projectPath(...segments: string[]): string {
  return join(projectRoot, ...segments);
}

/** Absolute path of a `.proto` file shipped in `protos/`. */
export function protoPath(fileName: string): string {
  return join(projectRoot, "protos", fileName);
}

/** Absolute path of the embedded asset bundle root (`asset_bundle/`). */
export function embeddedBundleRoot(): string {
  return join(projectRoot, "asset_bundle");
}
