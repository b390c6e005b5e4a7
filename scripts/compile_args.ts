/**
 * The one definition of how `deno task compile` builds the single
 * executable: the permissions baked into it, the folders it embeds, and the
 * npm files it leaves out. `scripts/compile.ts` runs it; the compile test
 * builds with exactly the same arguments and runs every mode under exactly
 * the same permissions.
 *
 * @module
 */
import { join } from "node:path";
import { LAZY_MODULES } from "../runtime/cli/lazy_modules.ts";
import { memberOnlyPackageDirs } from "./workspace_packages.ts";

/**
 * The permissions baked into the executable, measured by running every mode
 * (`--serve`, `--infer`, `--train`, `--check`, `--health-check`) under them:
 * read (bundles, protos, CSVs), write (training output only), net (listen
 * and call), env (`PSC_MODEL_PORT`, `MODEL_RUNTIME_*`, grpc-js settings),
 * ffi (onnxruntime-node's native addon) and sys for the process's own user
 * and group ids only (`uid,gid`: Deno's `node:fs` access checks read them;
 * without them grpc-health-check cannot find its health.proto). No mode
 * needs `--allow-run`, `--allow-import` or any other sys information.
 */
export const COMPILE_PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  "--allow-ffi",
  "--allow-sys=uid,gid",
];

/** Folders of the project the executable embeds (`--include`). */
export const EMBEDDED_FOLDERS: readonly string[] = ["protos", "asset_bundle"];

/**
 * Modules the runtime starts as Web Workers (`new Worker(new URL(...))`),
 * which `deno compile` does not follow by itself; the compile test fails
 * when a worker is missing here.
 */
export const WORKER_MODULES: readonly string[] = [
  "runtime/hosting/training_worker.ts",
  "runtime/hosting/model_code/code_worker.ts",
];

/** The executable `deno task compile` writes, relative to the project. */
export const DEFAULT_OUTPUT = "model-runtime";

/** onnxruntime-node's prebuilt binaries, by `deno compile --target`. */
const ONNXRUNTIME_PLATFORMS: Readonly<Record<string, string>> = {
  "x86_64-unknown-linux-gnu": "linux/x64",
  "aarch64-unknown-linux-gnu": "linux/arm64",
  "x86_64-apple-darwin": "darwin/x64",
  "aarch64-apple-darwin": "darwin/arm64",
  "x86_64-pc-windows-msvc": "win32/x64",
  "aarch64-pc-windows-msvc": "win32/arm64",
};

/** What to build. */
export interface CompilePlan {
  /** The project folder (holding deno.json and node_modules/). */
  readonly projectDir: string;
  /** Output path of the executable. */
  readonly output: string;
  /** `deno compile --target`; default the machine's own (Deno.build.target). */
  readonly target?: string;
  /** Skip type checking (the suite type-checks separately). */
  readonly noCheck?: boolean;
  /**
   * More paths to embed: the staged author's bundle and its code entry
   * (scripts/compiled_bundle.ts), for `deno task compile --bundle DIR`.
   */
  readonly include?: readonly string[];
}

/**
 * The arguments after `deno` that build the executable: `compile`, the
 * permissions, `--self-extracting` (onnxruntime-node's addon must load its
 * sibling `libonnxruntime.so.1` from a real folder), the embedded folders
 * worker modules and lazily imported modules (runtime/cli/lazy_modules.ts),
 * any staged author's bundle (`include`), and `--exclude` for npm files the program never reads: onnxruntime-node's
 * binaries for other platforms (about 240 MB), bintrees' 2 MB test data,
 * which makes `deno compile` 2.8.3 overflow its stack, and the packages only
 * the workspace's examples use (workspace_packages.ts; onnxruntime-web alone
 * is 144 MB).
 */
export function compileArgs(plan: CompilePlan): string[] {
  const target = plan.target ?? Deno.build.target;
  const args = ["compile", ...COMPILE_PERMISSIONS, "--self-extracting"];
  if (plan.noCheck) args.push("--no-check");
  if (plan.target !== undefined) args.push("--target", plan.target);
  for (
    const path of [...EMBEDDED_FOLDERS, ...WORKER_MODULES, ...LAZY_MODULES]
  ) {
    args.push("--include", join(plan.projectDir, path));
  }
  for (const path of plan.include ?? []) args.push("--include", path);
  for (const path of excludedPaths(plan.projectDir, target)) args.push("--exclude", path);
  args.push("--output", plan.output, join(plan.projectDir, "main.ts"));
  return args;
}

/**
 * npm files left out of the executable for `target`: every onnxruntime-node
 * platform folder but the target's, bintrees' test data, and the packages
 * only workspace members (examples/) use. Paths are found in
 * `node_modules/.deno/` and deno.lock, so they follow the installed versions.
 */
export function excludedPaths(projectDir: string, target: string): string[] {
  const excluded: string[] = [];
  const keep = onnxruntimePlatform(target);
  for (const packageDir of installedPackageDirs(projectDir, "onnxruntime-node")) {
    const binaries = join(packageDir, "bin", "napi-v6");
    for (const platform of Object.values(ONNXRUNTIME_PLATFORMS)) {
      if (platform !== keep) excluded.push(join(binaries, platform));
    }
  }
  for (const packageDir of installedPackageDirs(projectDir, "bintrees")) {
    excluded.push(join(packageDir, "test"));
  }
  excluded.push(...memberOnlyPackageDirs(projectDir));
  return excluded;
}

/** onnxruntime-node's binary folder (`linux/x64`, ...) for a `deno compile --target`. */
export function onnxruntimePlatform(target: string): string | undefined {
  return ONNXRUNTIME_PLATFORMS[target];
}

/** Folders of every installed version of npm package `name` (unscoped). */
function installedPackageDirs(projectDir: string, name: string): string[] {
  const store = join(projectDir, "node_modules", ".deno");
  const dirs: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(store)];
  } catch {
    return dirs;
  }
  for (const entry of entries) {
    if (entry.isDirectory && entry.name.startsWith(`${name}@`)) {
      dirs.push(join(store, entry.name, "node_modules", name));
    }
  }
  return dirs.sort();
}
