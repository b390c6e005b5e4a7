/**
 * The least-privilege permission set of `deno task serve`, computed from the
 * same command line the server will parse and from serve's flag
 * declarations (runtime/cli/flags/serve_flags.ts): read for the project's
 * own folder plus every path flag given (each flag's `grant`: bundle, model
 * repository, training directory, TLS files, config file), write for the
 * `read-write` ones only (the training directory), net for the `listen`
 * ports, env for the variables the runtime and its npm packages read, ffi
 * for onnxruntime-node's native addon folder, and sys for the process's
 * uid/gid; with more than one serving worker (`--workers`, by default one
 * per CPU), run of the Deno executable only, to start them (each worker
 * gets this same set without run). Never `-A`. `deno task serve`
 * (scripts/serve.ts) and the worker supervisor both compute it here.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { parseCommandLine } from "./flags.ts";
import { SERVE_MODE } from "./flags/serve_flags.ts";
import { sandboxGrants } from "./flags/sandbox_grants.ts";
import { projectPath } from "../base/assets.ts";
import { defaultWorkerCount } from "../workers/available_cpus.ts";

/**
 * Environment variables the serving process reads: its own flags
 * (`MODEL_RUNTIME_*`), the contract's port, grpc-js settings (`GRPC_*`), and
 * two that an npm dependency reads when it loads (`LOG_TOKENS`, `LOG_STREAM`).
 * Measured by serving, answering Run and Status, and draining under them.
 */
export const SERVE_ENV = [
  "MODEL_RUNTIME_*",
  "PSC_MODEL_PORT",
  "GRPC_*",
  "LOG_TOKENS",
  "LOG_STREAM",
];

/** The permission flags and the program arguments for serving with `args`. */
export interface ServePlan {
  /** `--allow-*` flags, in a stable order. */
  readonly permissions: string[];
  /**
   * The arguments for main.ts (`--serve` first); when `--workers` is given
   * nowhere, the default computed here is appended, so the server starts
   * the workers these permissions were computed for.
   */
  readonly programArgs: string[];
}

/**
 * The folder holding onnxruntime-node's native addon for this platform, the
 * only place `--allow-ffi` is granted; null when it cannot be found.
 */
export function onnxruntimeAddonFolder(root = projectPath()): string | null {
  const store = join(root, "node_modules", ".deno");
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(store)];
  } catch {
    return null;
  }
  const arch = Deno.build.arch === "x86_64" ? "x64" : "arm64";
  const os = Deno.build.os === "windows" ? "win32" : Deno.build.os;
  for (const entry of entries) {
    if (!entry.name.startsWith("onnxruntime-node@")) continue;
    const folder = join(
      store,
      entry.name,
      "node_modules",
      "onnxruntime-node",
      "bin",
      "napi-v6",
      os,
      arch,
    );
    try {
      if (Deno.statSync(folder).isDirectory) return folder;
    } catch { /* not this one */ }
  }
  return null;
}

/**
 * Computes the permissions for `deno run main.ts --serve <args>`, reading
 * flags from `args`, the environment and the config file exactly as the
 * server will. `cwd` resolves relative paths, the config file's among them
 * (the folder the user ran the task from, where the server runs). Throws an Error with the usage message when `args` are wrong.
 */
export function servePlan(
  args: readonly string[],
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
  cwd = resolve("."),
): ServePlan {
  const absolute = (path: string) => isAbsolute(path) ? path : resolve(cwd, path);
  const programArgs = ["--serve", ...args.filter((arg) => arg !== "--serve")];
  const command = parseCommandLine(
    programArgs,
    env,
    (path) => Deno.readTextFileSync(absolute(path)),
    cwd,
  );
  if (command.kind === "usage-error") throw new Error(command.message);
  if (command.kind !== "run" || command.mode !== "serve") return { permissions: [], programArgs };
  const grants = sandboxGrants(SERVE_MODE.flags, command.options);
  const root = projectPath();
  const reads = new Set<string>([root, ...grants.read.map(absolute)]);
  const permissions = [`--allow-read=${[...reads].join(",")}`];
  if (grants.write.length > 0) {
    permissions.push(`--allow-write=${grants.write.map(absolute).join(",")}`);
  }
  permissions.push(`--allow-net=${grants.listen.map((port) => `0.0.0.0:${port}`).join(",")}`);
  permissions.push(`--allow-env=${SERVE_ENV.join(",")}`);
  const addon = onnxruntimeAddonFolder(root);
  if (addon) permissions.push(`--allow-ffi=${addon}`);
  permissions.push("--allow-sys=uid,gid");
  const workers = command.options.workers ?? defaultWorkerCount();
  if (workers > 1) permissions.push(`--allow-run=${Deno.execPath()}`);
  const given = command.options.workers !== undefined;
  return {
    permissions,
    programArgs: given ? programArgs : [...programArgs, "--workers", `${workers}`],
  };
}
