/**
 * Reads a CSV file into raw records, each with the line number a user sees
 * in an editor (the header is line 1). Parsing is done by csv-parse: quoted
 * fields, embedded newlines and a leading byte-order mark are handled; blank
 * lines are skipped; ragged rows are kept so the caller can report them.
 *
 * @module
 */
import { parse } from "csv-parse/sync";
import { badRequest, type RuntimeError } from "../base/errors.ts";
import { isReadRefused, readRefused } from "../base/read_access.ts";

/** One CSV record: its fields as text and the line on which it ends. */
export interface CsvRecord {
  /** Field values, trimmed of surrounding whitespace. */
  readonly fields: readonly string[];
  /** 1-based line number of the record's last line (the header is line 1). */
  readonly line: number;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

interface CsvParseFailure {
  readonly message: string;
  readonly lines?: number;
}

/**
 * Reads and parses the CSV file at `path`. Throws a `bad_request`
 * RuntimeError, prefixed with the path, when the file cannot be read (one
 * the server may not read says how to let it), is not UTF-8 or is not
 * well-formed CSV (for example an unclosed quote).
 */
export async function readCsvRecords(path: string): Promise<CsvRecord[]> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw csvOpenError(path, error);
  }
  return parseCsvText(path, decodeUtf8(path, bytes));
}

/**
 * The error for a training CSV at `path` that could not be opened or read:
 * the sandbox's refusal as it is (naming the grant to add), else a
 * `bad_request` saying why (`file not found`, or the system's reason).
 */
export function csvOpenError(path: string, error: unknown): RuntimeError {
  if (isReadRefused(error)) return readRefused(path, "training CSV", error);
  const reason = error instanceof Deno.errors.NotFound
    ? "file not found"
    : (error instanceof Error ? error.message : String(error));
  return badRequest(`${path}: cannot read the training CSV: ${reason}`, { cause: error });
}

/** Decodes strict UTF-8, reporting the file when the bytes are not UTF-8. */
function decodeUtf8(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw badRequest(`${path}: the file is not valid UTF-8 text`, { cause: error });
  }
}

/**
 * Parses CSV text into records; `path` only names the source in messages.
 * Exposed for tests and for callers that already hold the text.
 */
export function parseCsvText(path: string, text: string): CsvRecord[] {
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const failure = error as CsvParseFailure;
    const where = typeof failure.lines === "number" ? ` line ${failure.lines}:` : "";
    throw badRequest(`${path}:${where} invalid CSV: ${failure.message}`, { cause: error });
  }
  return parsed.map((entry) => ({ fields: entry.record, line: entry.info.lines }));
}
