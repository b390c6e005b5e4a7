/**
 * Modules the program imports only when it needs them, by a computed
 * specifier. Deno fetches every dynamic import it can read in the source
 * before a program starts, so a literal `import("../x.ts")` would load the
 * module (and everything it imports) even when it never runs: each mode's
 * command for `--version`, the trainer for `--serve`. `deno compile` cannot follow a computed import
 * either, so scripts/compile_args.ts embeds every module listed here.
 *
 * @module
 */

/** Each lazily imported module, by its path from the project root, with its type. */
interface LazyModules {
  "runtime/cli/serve_command.ts": typeof import("./serve_command.ts");
  "runtime/cli/infer_command.ts": typeof import("./infer_command.ts");
  "runtime/cli/train_command.ts": typeof import("./train_command.ts");
  "runtime/cli/check_command.ts": typeof import("./check_command.ts");
  "runtime/cli/predict_command.ts": typeof import("./predict_command.ts");
  "runtime/cli/scaffold_command.ts": typeof import("./scaffold_command.ts");
  "runtime/cli/init_command.ts": typeof import("./init_command.ts");
  "runtime/cli/health_check_command.ts": typeof import("./health_check_command.ts");
  "runtime/cli/emit_manifests_command.ts": typeof import("./emit_manifests_command.ts");
}

/** A lazily imported module's path from the project root. */
export type LazyModulePath = keyof LazyModules;

/** Every key of {@link LazyModules}, listed so the compiler proves the list complete. */
const LISTED: Readonly<Record<LazyModulePath, true>> = {
  "runtime/cli/serve_command.ts": true,
  "runtime/cli/infer_command.ts": true,
  "runtime/cli/train_command.ts": true,
  "runtime/cli/check_command.ts": true,
  "runtime/cli/predict_command.ts": true,
  "runtime/cli/scaffold_command.ts": true,
  "runtime/cli/init_command.ts": true,
  "runtime/cli/health_check_command.ts": true,
  "runtime/cli/emit_manifests_command.ts": true,
};

/** Every lazily imported module's path from the project root (what `deno compile` must embed). */
export const LAZY_MODULES: readonly LazyModulePath[] = Object.keys(LISTED) as LazyModulePath[];

const provided = new Map<LazyModulePath, () => Promise<unknown>>();

/**
 * Makes {@link importLazily} of `path` call `load` instead of importing the
 * file: the serve bundle (runtime/cli/serve_bundle_entry.ts) provides the
 * modules it carries, so they are not imported a second time from source.
 */
export function provideLazyModule<Path extends LazyModulePath>(
  path: Path,
  load: () => Promise<LazyModules[Path]>,
): void {
  provided.set(path, load);
}

/** Imports the module at `path` (from the project root) by a specifier Deno cannot read ahead. */
export function importLazily<Path extends LazyModulePath>(path: Path): Promise<LazyModules[Path]> {
  const load = provided.get(path);
  if (load) return load() as Promise<LazyModules[Path]>;
  const specifier: string = `../../${path}`;
  return import(specifier);
}
