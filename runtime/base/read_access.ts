/**
 * A file the server may not read, told as a request error the caller can
 * act on rather than an internal fault: under `deno task serve` the server
 * reads only the project and the paths it serves from (Deno's permission
 * sandbox refuses the rest with `NotCapable`), and the operating system may
 * refuse a file too (`PermissionDenied`). Each becomes a `bad_request`
 * naming the path and how to widen access.
 *
 * @module
 */
import { dirname } from "node:path";
import { badRequest, type RuntimeError } from "./errors.ts";

/** Whether `error` is a refused read: Deno's sandbox (`NotCapable`) or the system's (`PermissionDenied`). */
export function isReadRefused(error: unknown): boolean {
  return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied;
}

/**
 * The `bad_request` for reading `path` (described as `what`, e.g. `training
 * data`) refused with `error`: for the sandbox, where the server may read
 * and how to let it read the file's folder; for the system, the file's
 * owner and mode.
 */
export function readRefused(path: string, what: string, error: unknown): RuntimeError {
  if (error instanceof Deno.errors.PermissionDenied) {
    return badRequest(
      `${what} ${path}: the operating system does not let this server read it (check the ` +
        `file's owner and mode)`,
      { cause: error },
    );
  }
  return badRequest(
    `${what} ${path}: this server may not read it. Under deno task serve it reads only the ` +
      `project and the paths it serves from (--models, --training-dir, --bundle, --config); put ` +
      `the file in one of those folders, or start the server with read access to its folder: ` +
      `deno run <the flags deno task serve --print-permissions prints> ` +
      `--allow-read=${dirname(path)} main.ts --serve ... (see docs/security.md)`,
    { cause: error },
  );
}

/**
 * Throws {@link readRefused} when this process may not read `path`; any
 * other failure (a missing file) is left for the read itself to report.
 */
export function requireReadable(path: string, what: string): void {
  try {
    Deno.statSync(path);
  } catch (error) {
    if (isReadRefused(error)) throw readRefused(path, what, error);
  }
}
