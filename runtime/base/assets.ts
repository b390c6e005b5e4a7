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

/**
 * Where `deno task compile --bundle DIR` stages the author's bundle inside
 * the project, so that the executable embeds it (code included) and serves
 * it by default (scripts/compiled_bundle.ts).
 */
export const COMPILED_BUNDLE_FOLDER = ".compiled_bundle";

/**
 * Absolute path of the default bundle root: the one a compiled executable
 * was built with (`deno task compile --bundle DIR`), else the embedded
 * `asset_bundle/`.
 */
export function embeddedBundleRoot(): string {
  if (Deno.build.standalone) {
    const compiled = join(projectRoot, COMPILED_BUNDLE_FOLDER);
    try {
      if (Deno.statSync(compiled).isDirectory) return compiled;
    } catch { /* built without --bundle */ }
  }
  return join(projectRoot, "asset_bundle");
}
