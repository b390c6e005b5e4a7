/**
 * Builders for the usual kinds of flag — text, switch, on/off, choice, port,
 * whole number, a value read by a function — each a {@link Flag} whose
 * parser gives a typed value or a usage error naming the flag, variable or
 * config key the bad value came from. See flag.ts for how a flag is declared.
 *
 * @module
 */
import { badRequest, type RuntimeError } from "../../base/errors.ts";
import {
  defineFlag,
  type EnvLookup,
  type Flag,
  type FlagDeclaration,
  type FlagInput,
  wrongValue,
} from "./flag.ts";

/** What every builder takes: the flag's name, help and sources. */
export type FlagBasics = Pick<
  FlagDeclaration<unknown>,
  "name" | "help" | "placeholder" | "env" | "config" | "caikit" | "grant"
>;

/** A flag that takes a value, with its placeholder (`N`, `DIR`). */
export type ValueFlagBasics = FlagBasics & { readonly placeholder: string };

const TRUE_WORDS = ["1", "true", "yes", "on"];
const FALSE_WORDS = ["0", "false", "no", "off", ""];

/** The text of a one-value input. */
function textOf(input: FlagInput): string {
  return typeof input.value === "string" ? input.value : String(input.value);
}

/**
 * A flag whose text `read` turns into a value, or null when it is not one
 * (a usage error: `<source> takes <expects>, got '<text>'`); absent: undefined.
 */
export function readFlag<T>(
  basics: ValueFlagBasics,
  read: (text: string) => T | null,
  expects: string,
): Flag<T | undefined> {
  return defineFlag({
    ...basics,
    kind: "string",
    parse: (input) => {
      if (input === undefined) return undefined;
      const value = read(textOf(input));
      return value === null ? wrongValue(input, expects) : value;
    },
  });
}

/** Like {@link readFlag}, with a default when absent (a value, or computed from the environment). */
export function readFlagOr<T>(
  basics: ValueFlagBasics,
  read: (text: string) => T | null,
  expects: string,
  fallback: { readonly value: T } | { readonly from: (env: EnvLookup) => T | RuntimeError },
): Flag<T> {
  const optional = readFlag(basics, read, expects);
  return {
    ...optional,
    parse: (input, env) => {
      if (input !== undefined) return optional.parse(input, env) as T | RuntimeError;
      return "value" in fallback ? fallback.value : fallback.from(env);
    },
  };
}

/** A text flag, optionally checked against `pattern` (`expects` says what it wants). */
export function textFlag(
  basics: ValueFlagBasics,
  check?: { readonly pattern: RegExp; readonly expects: string },
): Flag<string | undefined> {
  if (!check) return readFlag(basics, (text) => text, "text");
  return readFlag(basics, (text) => check.pattern.test(text) ? text : null, check.expects);
}

/** A text flag that must be given (`--out DIR is required`). */
export function requiredTextFlag(basics: ValueFlagBasics): Flag<string> {
  return readFlagOr(basics, (text) => text, "text", {
    from: () => badRequest(`--${basics.name} ${basics.placeholder} is required`),
  });
}

/** A switch: `--lazy` on the command line; `true`/`false`/`1`/`0`/`yes`/`no` elsewhere; default false. */
export function booleanFlag(basics: FlagBasics): Flag<boolean> {
  return defineFlag({
    ...basics,
    kind: "boolean",
    parse: (input) => input === undefined ? false : onOff(input, "true or false"),
  });
}

/** A switch word as a boolean, or a usage error saying what is expected. */
function onOff(input: FlagInput, expects: string): boolean | RuntimeError {
  if (input.value === true) return true;
  const word = textOf(input).toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return wrongValue(input, expects);
}

/** A flag taking `on` or `off` (or any switch word), with a default. */
export function switchFlag(basics: ValueFlagBasics, fallback: boolean): Flag<boolean> {
  return defineFlag({
    ...basics,
    kind: "string",
    parse: (input) => input === undefined ? fallback : onOff(input, "on or off"),
  });
}

/** A flag taking one of `choices`, with a default. */
export function choiceFlag<T extends string>(
  basics: ValueFlagBasics,
  choices: readonly T[],
  fallback: T,
): Flag<T> {
  const read = (text: string) => (choices as readonly string[]).includes(text) ? text as T : null;
  return readFlagOr(basics, read, `one of ${choices.join(", ")}`, { value: fallback });
}

/** Reads a port number 0-65535; empty text is `fallback`. */
export function readPort(text: string, fallback: number): number | null {
  if (text === "") return fallback;
  return /^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : null;
}

/** A port number 0-65535 (0: pick a free one), with a default; empty text is the default too. */
export function portFlag(basics: ValueFlagBasics, fallback: number): Flag<number> {
  return readFlagOr(basics, (text) => readPort(text, fallback), "a port number 0-65535", {
    value: fallback,
  });
}

/** The word that switches a port off (`--http-port off`). */
export const PORT_OFF = "off";

/**
 * A port number 0-65535 or {@link PORT_OFF} (null: do not listen), with a
 * default; empty text is the default too.
 */
export function portOrOffFlag(basics: ValueFlagBasics, fallback: number): Flag<number | null> {
  const read = (text: string) => text === PORT_OFF ? null : readPort(text, fallback);
  return defineFlag({
    ...basics,
    kind: "string",
    parse: (input) => {
      if (input === undefined) return fallback;
      const text = textOf(input);
      const port = read(text);
      if (port === null && text !== PORT_OFF) {
        return wrongValue(input, `a port number 0-65535 or ${PORT_OFF}`);
      }
      return port;
    },
  });
}

/** A whole number from `min` to `max`; absent: undefined. */
export function wholeNumberFlag(
  basics: ValueFlagBasics,
  range: { readonly min: number; readonly max: number },
): Flag<number | undefined> {
  const read = (text: string) => {
    const value = Number(text);
    return /^\d+$/.test(text) && value >= range.min && value <= range.max ? value : null;
  };
  return readFlag(basics, read, `a whole number from ${range.min} to ${range.max}`);
}

/**
 * The flag naming a mode that takes a value (`--train DATA.csv`): only on
 * the command line, and always there when its mode runs.
 */
export function modeFlag(mode: string, placeholder: string, help: string): Flag<string> {
  return defineFlag({
    name: mode,
    kind: "string",
    placeholder,
    help,
    env: [],
    parse: (input) =>
      input === undefined ? badRequest(`--${mode} needs ${placeholder}`) : textOf(input),
  });
}
