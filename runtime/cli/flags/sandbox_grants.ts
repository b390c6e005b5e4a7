/**
 * What a sandbox must grant for a mode's parsed options, from its flag
 * declarations (`grant`): the paths to read, the paths to write, the ports
 * to listen on — in declaration order, as given (relative paths stay
 * relative). scripts/serve_permissions.ts turns serve's into Deno
 * permission flags.
 *
 * @module
 */
import type { FlagSet, OptionsOf } from "./flag.ts";

/** The grants of one set of options. */
export interface SandboxGrants {
  /** Paths to read (every `read` and `read-write` flag given). */
  readonly read: readonly string[];
  /** Paths to write (every `read-write` flag given). */
  readonly write: readonly string[];
  /** Ports to listen on (every `listen` flag). */
  readonly listen: readonly number[];
}

/** The grants `options` (parsed from `flags`) need; empty paths are skipped. */
export function sandboxGrants<F extends FlagSet>(flags: F, options: OptionsOf<F>): SandboxGrants {
  const read: string[] = [];
  const write: string[] = [];
  const listen: number[] = [];
  for (const [key, flag] of Object.entries(flags)) {
    const value: unknown = options[key];
    if (flag.grant === "listen" && typeof value === "number") listen.push(value);
    if (typeof value !== "string" || value === "") continue;
    if (flag.grant === "read" || flag.grant === "read-write") read.push(value);
    if (flag.grant === "read-write") write.push(value);
  }
  return { read, write, listen };
}
