/**
 * Where `deno compile` gets `denort`, the runtime it embeds the program
 * into: the file named by `DENORT_BIN`, a `denort` beside the deno
 * executable, or `denort-<target>.zip` in Deno's download cache
 * (`$DENO_DIR/dl/release/v<version>/`). Failing those, `deno compile`
 * downloads the zip from dl.deno.land, which machines without that network
 * cannot do.
 *
 * @module
 */
import { dirname, join } from "node:path";

/** Where a usable denort was found, or why none was. */
export type DenortLocation =
  | { readonly found: true; readonly path: string; readonly source: string }
  | { readonly found: false; readonly reason: string };

/**
 * Looks for denort for this Deno version and `target` (default the
 * machine's), the way `deno compile` does, without downloading anything.
 */
export function findDenort(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
  target: string = Deno.build.target,
): DenortLocation {
  const fromEnv = env("DENORT_BIN");
  if (fromEnv) {
    return isFile(fromEnv)
      ? { found: true, path: fromEnv, source: "DENORT_BIN" }
      : { found: false, reason: `DENORT_BIN names '${fromEnv}', which is not a file` };
  }
  const beside = join(dirname(Deno.execPath()), "denort");
  if (isFile(beside)) return { found: true, path: beside, source: "beside the deno executable" };
  const zip = join(denoDir(env), "dl", "release", `v${Deno.version.deno}`, `denort-${target}.zip`);
  if (isFile(zip)) return { found: true, path: zip, source: "Deno's download cache" };
  return {
    found: false,
    reason: `no denort for Deno ${Deno.version.deno} (${target}): DENORT_BIN is unset, ` +
      `there is no ${beside}, and ${zip} is not in Deno's cache; deno compile would ` +
      `download it from dl.deno.land, which this machine cannot reach (only the npm ` +
      `registry is reachable here, and denort is not published there)`,
  };
}

/** Deno's cache folder: `$DENO_DIR`, else `$XDG_CACHE_HOME/deno`, else `~/.cache/deno`. */
function denoDir(env: (name: string) => string | undefined): string {
  const explicit = env("DENO_DIR");
  if (explicit) return explicit;
  const cache = env("XDG_CACHE_HOME") || join(env("HOME") ?? "/", ".cache");
  return join(cache, "deno");
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
