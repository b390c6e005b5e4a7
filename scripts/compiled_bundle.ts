/**
 * `deno task compile --bundle DIR`: the author's bundle, embedded in the
 * executable with its model code. `deno compile` embeds only files inside
 * what it is given and can import only modules embedded at build time
 * (denoland/deno#18327), so the bundle's served version folder is copied to
 * `<project>/.compiled_bundle/<version>/` for the build (and removed after
 * it), the folder is embedded, and the code entry (model.yaml
 * `module.code`) is added as a module so that it and every local file it
 * imports are in the executable's module graph. The executable serves and
 * checks that bundle by default (runtime/base/assets.ts).
 *
 * @module
 */
import { basename, join } from "node:path";
import { COMPILED_BUNDLE_FOLDER } from "../runtime/base/assets.ts";
import { loadBundle } from "../runtime/bundle/load.ts";

/** A bundle staged for `deno compile`. */
export interface StagedBundle {
  /** The staging folder (`<project>/.compiled_bundle`); remove it after the build. */
  readonly dir: string;
  /** Paths to pass to `deno compile --include`: the folder, then the code entry if any. */
  readonly includes: readonly string[];
}

/** Folders never copied into the executable's bundle. */
const SKIPPED: ReadonlySet<string> = new Set(["node_modules"]);

/** Copies the served version folder of the bundle at `path` into `projectDir`'s staging folder. */
export async function stageBundle(projectDir: string, path: string): Promise<StagedBundle> {
  const bundle = await loadBundle(path);
  const dir = join(projectDir, COMPILED_BUNDLE_FOLDER);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const versionDir = join(dir, basename(bundle.dir));
  await copyFolder(bundle.dir, versionDir);
  const code = bundle.spec.module?.code;
  return { dir, includes: code === undefined ? [dir] : [dir, join(versionDir, code)] };
}

async function copyFolder(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
    const source = join(from, entry.name);
    if (entry.isDirectory) await copyFolder(source, join(to, entry.name));
    else if (entry.isFile) await Deno.copyFile(source, join(to, entry.name));
  }
}
