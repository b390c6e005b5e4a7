/**
 * The serve bundle: `--serve` runs from .serve_bundle/serve.js (the serve
 * command and everything it imports in one file, written by `deno task
 * bundle`) when that file is fresh, which saves loading ~130 modules and
 * resolving ~250 npm files one by one at every start. Fresh means its
 * manifest (.serve_bundle/manifest.json) names every source file the bundle
 * was made from with the SHA-256 of their contents, and they all still hash
 * to it; otherwise (any file changed, missing bundle, a compiled executable)
 * the command runs from source as always, so a stale bundle is never used.
 *
 * @module
 */
import { join } from "node:path";
import { projectPath } from "../base/assets.ts";

/**
 * The bundle and its manifest, from the project root (generated, git-ignored):
 * the bundle two folders below it, so that module locations relative to the
 * project root (runtime/base/assets.ts) resolve as from runtime/base/.
 */
export const SERVE_BUNDLE_FILES = {
  bundle: ".serve_bundle/serve/serve.js",
  manifest: ".serve_bundle/manifest.json",
} as const;

/** What the manifest records. */
export interface ServeBundleManifest {
  /** Every input of the bundle, from the project root, in a fixed order. */
  readonly inputs: readonly string[];
  /** {@link inputsHash} of `inputs` when the bundle was written. */
  readonly inputsHash: string;
  /** The bundle's size in bytes (a half-written or replaced bundle differs). */
  readonly bundleBytes: number;
}

/** The serve command's module, bundled or not. */
export type ServeCommandModule = typeof import("./serve_command.ts");

const encoder = new TextEncoder();

/**
 * SHA-256 (hex) of the files `inputs` (paths from `root`, by default the
 * project root): each path, a NUL, its bytes, a NUL, in order. Throws when
 * one cannot be read.
 */
export async function inputsHash(
  inputs: readonly string[],
  root: string = projectPath(),
): Promise<string> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const input of inputs) {
    for (const part of [encoder.encode(`${input}\0`), Deno.readFileSync(join(root, input))]) {
      parts.push(part, ZERO);
      length += part.length + 1;
    }
  }
  const all = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const ZERO = new Uint8Array(1);

/**
 * Whether the bundle under `root` (by default the project root) exists and
 * was made from the files as they are now.
 */
export async function serveBundleIsFresh(root: string = projectPath()): Promise<boolean> {
  let manifest: ServeBundleManifest;
  try {
    manifest = JSON.parse(Deno.readTextFileSync(join(root, SERVE_BUNDLE_FILES.manifest)));
    const bundle = Deno.statSync(join(root, SERVE_BUNDLE_FILES.bundle));
    if (bundle.size !== manifest.bundleBytes || !Array.isArray(manifest.inputs)) return false;
    return await inputsHash(manifest.inputs, root) === manifest.inputsHash;
  } catch {
    return false;
  }
}

/** The serve command from the bundle when it is fresh, else null (run it from source). */
export async function freshServeBundle(): Promise<ServeCommandModule | null> {
  if (!await serveBundleIsFresh()) return null;
  const specifier: string = `../../${SERVE_BUNDLE_FILES.bundle}`;
  return await import(specifier);
}
