/**
 * The serve bundle: `--serve` runs from .serve_bundle/serve.js (the serve
 * command and everything it imports in one file, written by `deno task
 * bundle`) when that file is fresh, which saves loading ~130 modules and
 * resolving ~250 npm files one by one at every start. Fresh means its
 * manifest (.serve_bundle/manifest.json) names every source file the bundle
 * was made from with the SHA-256 of their contents, and they all still hash
 * to it; otherwise (any file changed, missing bundle, a compiled executable)
 * the command runs from source as always, so a stale bundle is never used.
 * Hashing reads every input (some 250 files) before the first answer, so the
 * manifest also keeps each input's size and modification time as the build
 * found them ({@link ServeBundleManifest.stamps}): while every input still
 * has both, the bundle is fresh without reading them. A file written since
 * has a new modification time, and stamps are kept only for files last
 * changed well before the build, so an edit made during or just before the
 * build falls back to hashing.
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
  /**
   * Per input (in `inputs` order), `[size in bytes, modification time in ms]`
   * as the build found it, or null for an input changed less than
   * {@link STAMP_SETTLED_MS} before the build started. Absent in older manifests.
   */
  readonly stamps?: readonly (readonly [number, number] | null)[];
}

/**
 * How long before a build an input must have last changed for its stamp to
 * be kept: an input written while the build read it, or within the same
 * millisecond as its stamp, is always hashed.
 */
export const STAMP_SETTLED_MS = 2000;

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
 * The stamps of `inputs` (paths from `root`, by default the project root)
 * for a build that started at `startedMs` (see {@link ServeBundleManifest.stamps}).
 */
export function inputStamps(
  inputs: readonly string[],
  startedMs: number,
  root: string = projectPath(),
): ([number, number] | null)[] {
  return inputs.map((input) => {
    const info = Deno.statSync(join(root, input));
    const mtime = info.mtime?.getTime();
    return mtime !== undefined && mtime < startedMs - STAMP_SETTLED_MS ? [info.size, mtime] : null;
  });
}

/** Whether every input has a stamp and still has that size and modification time. */
function stampsHold(manifest: ServeBundleManifest, root: string): boolean {
  const { inputs, stamps } = manifest;
  if (!Array.isArray(stamps) || stamps.length !== inputs.length) return false;
  for (const [index, input] of inputs.entries()) {
    const stamp = stamps[index];
    if (!Array.isArray(stamp)) return false;
    const info = Deno.statSync(join(root, input));
    if (info.size !== stamp[0] || info.mtime?.getTime() !== stamp[1]) return false;
  }
  return true;
}

/**
 * Whether the bundle under `root` (by default the project root) exists and
 * was made from the files as they are now: every input as stamped, or else
 * hashing as recorded.
 */
export async function serveBundleIsFresh(root: string = projectPath()): Promise<boolean> {
  let manifest: ServeBundleManifest;
  try {
    manifest = JSON.parse(Deno.readTextFileSync(join(root, SERVE_BUNDLE_FILES.manifest)));
    const bundle = Deno.statSync(join(root, SERVE_BUNDLE_FILES.bundle));
    if (bundle.size !== manifest.bundleBytes || !Array.isArray(manifest.inputs)) return false;
    if (stampsHold(manifest, root)) return true;
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
