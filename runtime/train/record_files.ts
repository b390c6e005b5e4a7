/**
 * Training records: JSON objects keyed by field name, given inline or read
 * from files — `.csv` (a header row, every value text), `.json` (an array
 * of objects) or `.jsonl` (one object per line) — and turned into the table
 * a trainer reads (columns, text rows, and the same rows as CSV text).
 *
 * @module
 */
import { extname } from "node:path";
import { badRequest } from "../base/errors.ts";
import { parseCsvText } from "./csv_records.ts";

/** One training record. */
export type TrainingRecord = Readonly<Record<string, unknown>>;

/** A file format records are read from. */
export type RecordFormat = "csv" | "json" | "jsonl";

/** A file of records. */
export interface RecordFile {
  /** Absolute path. */
  readonly path: string;
  /** Its format. */
  readonly format: RecordFormat;
}

/** Where training records come from (plain data: it crosses to the training worker). */
export type RecordSource =
  | { readonly records: readonly TrainingRecord[] }
  | { readonly files: readonly RecordFile[] };

/** Records as a trainer's table: the columns in first-seen order and every value as text. */
export interface RecordTable {
  /** Column names, in the order they were first seen. */
  readonly columns: readonly string[];
  /** One row per record, every value as text ("" when absent). */
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** The same table as CSV text (a header row, then the rows). */
  readonly csvText: string;
}

/** The format of a file by its extension (`.csv`, `.json`, `.jsonl`), or null. */
export function recordFormatOf(path: string): RecordFormat | null {
  const extension = extname(path).toLowerCase().slice(1);
  return extension === "csv" || extension === "json" || extension === "jsonl" ? extension : null;
}

/** Reads every record of `source`, files in order; a bad file is a `bad_request` naming it. */
export async function readRecords(source: RecordSource): Promise<TrainingRecord[]> {
  if ("records" in source) return [...source.records];
  const records: TrainingRecord[] = [];
  for (const file of source.files) {
    // A loop, not a spread: a file may hold more records than a call takes arguments.
    for (const record of await readRecordFile(file)) records.push(record);
  }
  return records;
}

async function readRecordFile(file: RecordFile): Promise<TrainingRecord[]> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })
      .decode(await Deno.readFile(file.path));
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "file not found"
      : error instanceof TypeError
      ? "not valid UTF-8 text"
      : (error instanceof Error ? error.message : String(error));
    throw badRequest(`${file.path}: cannot read the training data: ${reason}`, { cause: error });
  }
  if (file.format === "csv") return csvRecords(file.path, text);
  if (file.format === "json") {
    const document = parseJson(file.path, text);
    const list = Array.isArray(document) ? document : [document];
    return list.map((entry, index) => asRecord(file.path, entry, `element ${index}`));
  }
  const records: TrainingRecord[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    records.push(asRecord(file.path, parseJson(file.path, line, index + 1), `line ${index + 1}`));
  });
  return records;
}

function csvRecords(path: string, text: string): TrainingRecord[] {
  const parsed = parseCsvText(path, text);
  if (parsed.length === 0) return [];
  const header = parsed[0].fields;
  return parsed.slice(1).map((record) => {
    if (record.fields.length !== header.length) {
      throw badRequest(
        `${path}: line ${record.line}: expected ${header.length} fields, got ${record.fields.length}`,
      );
    }
    return Object.fromEntries(header.map((column, index) => [column, record.fields[index]]));
  });
}

function parseJson(path: string, text: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = line === undefined ? "" : ` line ${line}:`;
    throw badRequest(`${path}:${where} not valid JSON: ${(error as Error).message}`);
  }
}

function asRecord(path: string, value: unknown, where: string): TrainingRecord {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badRequest(`${path}: ${where} is not a JSON object`);
  }
  return value as TrainingRecord;
}

/** The table of `records` (see {@link RecordTable}). */
export function recordTable(records: readonly TrainingRecord[]): RecordTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const rows = records.map((record) =>
    Object.fromEntries(columns.map((column) => [column, asText(record[column])]))
  );
  const lines = [columns, ...rows.map((row) => columns.map((column) => row[column]))]
    .map((cells) => cells.map(csvCell).join(","));
  return { columns, rows, csvText: columns.length === 0 ? "" : `${lines.join("\n")}\n` };
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
