/**
 * What a mode declares about its command line: its flags (each one
 * {@link Flag} declaration, by the property its typed options carry), its
 * one-line summary, usage lines and description for `--MODE --help`, and
 * which flag names a config file, if any.
 *
 * @module
 */
import type { FlagSet, OptionsOf } from "./flag.ts";

/** One mode's command line. */
export interface ModeSpec<F extends FlagSet = FlagSet> {
  /** The mode's flag without dashes (`train`); `--train` selects it. */
  readonly mode: string;
  /** What the mode does, in one line (the help's title). */
  readonly summary: string;
  /** Usage lines, after `model-runtime ` (`--train DATA.csv --out DIR [FLAGS]`). */
  readonly usage: readonly string[];
  /** What the mode does and prints, in paragraphs (blank-line separated), for its help. */
  readonly about?: string;
  /** The flags the mode accepts (its own mode flag too when it takes a value), in help order. */
  readonly flags: F;
  /** The option key of the flag naming a config file whose keys set the other flags (serve: `config`). */
  readonly configFlag?: string;
}

/** Declares a mode (keeping the exact flag types, so its options are typed). */
export function defineMode<F extends FlagSet>(spec: ModeSpec<F>): ModeSpec<F> {
  return spec;
}

/** The typed options of a mode. */
export type ModeOptionsOf<S> = S extends ModeSpec<infer F> ? OptionsOf<F> : never;
