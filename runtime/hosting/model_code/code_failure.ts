/**
 * What a model author reads when the bundle's model code cannot be
 * imported: the file, line and column at fault and the first line of
 * Deno's message (`model code model.ts failed to import: helper.ts:2:11:
 * SyntaxError: Expression expected`) — and, inside a compiled executable,
 * that the code was not embedded when it was built.
 *
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { internalError, type RuntimeError } from "../../base/errors.ts";

/** Deno's colour codes, which its import errors carry even off a terminal. */
// deno-lint-ignore no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** A `file:` location with line and column, as Deno's messages and stacks write it. */
const LOCATION = /(file:\/\/[^\s()'"]+?):(\d+):(\d+)/g;

/**
 * Where the error points, as `<file>:<line>:<col>` (relative to `dir` when
 * inside it), or null: the first location Deno's message names (inside
 * `dir` preferred), else the first stack frame inside `dir`.
 */
export function errorLocation(error: unknown, dir: string): string | null {
  const message = (error instanceof Error ? error.message : String(error)).replace(ANSI, "");
  const stack = error instanceof Error ? (error.stack ?? "").replace(ANSI, "") : "";
  const locations = (text: string) =>
    [...text.matchAll(LOCATION)].flatMap((match) => {
      try {
        const path = fileURLToPath(match[1]);
        const inside = relative(dir, path);
        const within = !inside.startsWith("..");
        return [{ within, shown: within ? inside : path, at: `${match[2]}:${match[3]}` }];
      } catch {
        return [];
      }
    });
  const named = locations(message);
  const found = named.find((location) => location.within) ?? named[0] ??
    locations(stack).find((location) => location.within);
  return found ? `${found.shown}:${found.at}` : null;
}

/** The first meaningful line of an error's message, colour codes and locations removed. */
export function errorHeadline(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(ANSI, "");
  const line = message.split("\n").map((part) => part.trim()).find((part) => part !== "") ?? "";
  return line.replace(/\s+at file:\/\/\S+$/, "").replace(/\.$/, "") || "unknown error";
}

/**
 * The failure of importing the model code `code` of the bundle folder `dir`:
 * an `internal` RuntimeError naming the file, line and message. Inside a
 * compiled executable (`standalone`) a module that is not found means it
 * was not embedded: the message says so and how to build one that embeds it.
 */
export function importFailure(
  error: unknown,
  dir: string,
  code: string,
  standalone: boolean,
): RuntimeError {
  const headline = errorHeadline(error);
  if (standalone && /module not found/i.test(headline)) {
    return internalError(
      `model code ${code} is not in this executable: a compiled executable runs only code ` +
        `embedded when it was built (denoland/deno#18327); build one with this bundle: ` +
        `deno task compile --bundle <bundle folder> (${headline})`,
      { cause: error },
    );
  }
  const where = errorLocation(error, dir);
  return internalError(
    `model code ${code} failed to import: ${where ? `${where}: ` : ""}${headline}`,
    { cause: error },
  );
}
