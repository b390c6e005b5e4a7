/**
 * Streams a CSV file (or text) through csv-parse's streaming API, handing
 * each record's fields and line to a callback as soon as it is parsed, so a
 * file of any size is read in blocks and never held whole: the same options
 * as {@link parseCsvText} (quoted fields, embedded newlines, a leading
 * byte-order mark, blank lines skipped, fields trimmed, ragged rows kept),
 * the same messages for a file that cannot be read, is not UTF-8 or is not
 * well-formed CSV. Progress is reported in bytes read of the file's size.
 *
 * @module
 */
import { parse } from "csv-parse";
import { badRequest, RuntimeError } from "../base/errors.ts";
import { csvOpenError } from "./csv_records.ts";

/** Where the CSV comes from: a file, or text already in memory that `path` only names. */
export interface CsvInput {
  /** The file (read when `text` is absent), or the name used in messages. */
  readonly path: string;
  /** The CSV text itself. */
  readonly text?: string;
}

/** Hears one record: its trimmed fields and the 1-based line on which it ends. */
export type RecordSink = (fields: readonly string[], line: number) => void;

/** Hears how far the reading got: bytes read so far and the total. */
export type ReadProgress = (bytesRead: number, totalBytes: number) => void;

/** Bytes read from the file at a time. */
export const READ_BLOCK_BYTES = 1 << 20;

interface CsvParseFailure {
  readonly message: string;
  readonly lines?: number;
}

/**
 * Parses the CSV of `input` record by record into `sink`. An error thrown
 * by `sink` stops the reading and is rethrown as is; a read, UTF-8 or CSV
 * problem is a `bad_request` RuntimeError prefixed with the path.
 */
export async function streamCsv(
  input: CsvInput,
  sink: RecordSink,
  onProgress?: ReadProgress,
): Promise<void> {
  const path = input.path;
  let failure: unknown;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    on_record: (record: string[], context: { lines: number }) => {
      if (failure !== undefined) return null;
      try {
        sink(record, context.lines);
      } catch (error) {
        failure = error;
      }
      return null;
    },
  });
  parser.on("error", (error) => failure ??= error);
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  parser.resume();
  const feed = (chunk: Uint8Array | string) => {
    if (failure === undefined) parser.write(chunk);
  };
  if (input.text !== undefined) {
    feed(input.text);
    onProgress?.(input.text.length, input.text.length);
  } else {
    await feedFile(path, feed, () => failure !== undefined, onProgress);
  }
  if (failure === undefined) {
    parser.end();
    await ended;
  }
  if (failure === undefined) return;
  parser.destroy();
  if (failure instanceof RuntimeError) throw failure;
  const csv = failure as CsvParseFailure;
  const where = typeof csv.lines === "number" ? ` line ${csv.lines}:` : "";
  throw badRequest(`${path}:${where} invalid CSV: ${csv.message}`, { cause: failure });
}

/** Reads the file in blocks into `feed`, checking that it is UTF-8 on the way. */
async function feedFile(
  path: string,
  feed: (chunk: Uint8Array) => void,
  stopped: () => boolean,
  onProgress?: ReadProgress,
): Promise<void> {
  let file: Deno.FsFile;
  let total: number;
  try {
    file = await Deno.open(path);
    total = (await file.stat()).size;
  } catch (error) {
    throw csvOpenError(path, error);
  }
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const checkUtf8 = (chunk?: Uint8Array) => {
    try {
      utf8.decode(chunk, { stream: chunk !== undefined });
    } catch (error) {
      throw badRequest(`${path}: the file is not valid UTF-8 text`, { cause: error });
    }
  };
  try {
    let read = 0;
    while (!stopped()) {
      const block = new Uint8Array(READ_BLOCK_BYTES);
      const count = await file.read(block);
      if (count === null) break;
      const chunk = block.subarray(0, count);
      checkUtf8(chunk);
      feed(chunk);
      read += count;
      onProgress?.(read, total);
    }
    checkUtf8();
  } finally {
    file.close();
  }
}
