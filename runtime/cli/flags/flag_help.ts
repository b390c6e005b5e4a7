/**
 * The help of a mode, generated from its declarations: title, usage lines,
 * description, then one entry per flag (its placeholder, help sentence, and
 * where it departs from the usual sources: its config file key, other
 * environment variables, or none), then how the sources combine.
 *
 * @module
 */
import { envName, type Flag } from "./flag.ts";
import type { ModeSpec } from "./mode_spec.ts";

/** Width the help is wrapped to. */
const WIDTH = 96;
/** Column where flag descriptions start. */
const COLUMN = 26;

/** `--help`, which every mode takes (handled before a mode's flags are parsed). */
const HELP_ENTRY = { names: "--help, -h", help: "print this help and exit" };

/** The help text of the mode `spec`. */
export function modeHelp(spec: ModeSpec): string {
  const lines = [`model-runtime --${spec.mode}: ${spec.summary}`, ""];
  spec.usage.forEach((usage, index) => {
    lines.push(`${index === 0 ? "Usage: " : "       "}model-runtime ${usage}`);
  });
  for (const paragraph of (spec.about ?? "").split(/\n\s*\n/).filter((p) => p.trim())) {
    lines.push("", ...wrap(paragraph, WIDTH));
  }
  lines.push("", "Flags:");
  for (const flag of Object.values(spec.flags)) {
    lines.push(...entry(`--${flag.name}${flag.placeholder ? ` ${flag.placeholder}` : ""}`, [
      flag.help,
      ...notes(flag, spec),
    ]));
  }
  lines.push(...entry(HELP_ENTRY.names, [HELP_ENTRY.help]), "", ...wrap(sourcesNote(spec), WIDTH));
  return lines.join("\n");
}

/** Where a flag departs from the usual sources, e.g. `[config: grpc_port; env: A, B]`. */
function notes(flag: Flag<unknown>, spec: ModeSpec): string[] {
  const found: string[] = [];
  if (spec.configFlag !== undefined && flag.config !== undefined) {
    found.push(`config: ${flag.config}`);
  }
  if (spec.configFlag !== undefined && flag.caikit !== undefined) {
    found.push(`caikit: ${flag.caikit}`);
  }
  if (flag.name !== spec.mode) {
    if (flag.env.length === 0) found.push("command line only");
    else if (flag.env.length > 1 || flag.env[0] !== envName(flag.name)) {
      found.push(`env: ${flag.env.join(", ")}`);
    }
  }
  return found.length === 0 ? [] : [`[${found.join("; ")}]`];
}

/** How the sources combine, for this mode. */
function sourcesNote(spec: ModeSpec): string {
  const variable = `Each flag can also be set by its environment variable ${envName("<flag>")} ` +
    `(upper case, - as _, as in ${envName("log-level")}=debug)`;
  if (spec.configFlag === undefined) {
    return `${variable}. Precedence: flag > environment > default.`;
  }
  return `${variable} and by its key in the config file named by --${spec.configFlag} (paths ` +
    "in the file are relative to the file; a Caikit runtime config, with a top-level runtime: " +
    "key, sets the flags showing a caikit key, and its model_runtime: mapping takes config " +
    "keys). Precedence: flag > environment > config file > default.";
}

/** A flag's entry: its names, then its text wrapped into the description column. */
function entry(names: string, texts: readonly string[]): string[] {
  const body = texts.flatMap((text) => wrap(text, WIDTH - COLUMN));
  const left = `  ${names}`;
  const indent = " ".repeat(COLUMN);
  if (left.length + 2 > COLUMN) return [left, ...body.map((line) => indent + line)];
  return [left.padEnd(COLUMN) + body[0], ...body.slice(1).map((line) => indent + line)];
}

/** `text` (whitespace collapsed) wrapped into lines of at most `width` characters where it can be. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.length === 0 ? [""] : lines;
}
