/**
 * One CSV column as it streams in, kept in typed chunks rather than as
 * text: a column whose first non-empty value is a number stores numbers
 * (NaN where empty; double precision until the table grows past
 * feature_matrix.ts's limit, then float32); any other column stores a code
 * per row into a dictionary of its distinct values (with their counts and
 * words, so column_kinds.ts's rules can be applied once the whole column
 * has been seen). The first bad value of a numeric column is remembered,
 * with its line, to be reported in the same order a whole-file check
 * reports it. Once the stream ends, {@link columnKindOf} decides the kind
 * and {@link fillColumn} writes the column's encoded values into the
 * row-major feature matrix.
 *
 * @module
 */
import type { ColumnEncoding } from "../modules/tabular_pipeline.ts";
import { columnWidth, encodeRowInto } from "../modules/tabular_pipeline.ts";
import { type ColumnKind, isNumberText, MAX_CATEGORIES, TEXT_MIN_WORDS } from "./column_kinds.ts";
import { type FeatureMatrix, pagedArray, releaseArray } from "./feature_matrix.ts";

/** Values per chunk of a growing column. */
export const CHUNK_VALUES = 65_536;

/** A growing typed array kept in fixed-size chunks (no copy as it grows). */
export interface Chunked<T extends Float64Array | Float32Array | Int32Array> {
  /** The chunks, all but the last full. */
  chunks: T[];
  /** Values stored. */
  length: number;
  /** Makes an empty chunk. */
  make: (length: number) => T;
}

/** A new empty chunked array whose chunks `make` creates. */
export function newChunked<T extends Float64Array | Float32Array | Int32Array>(
  make: (length: number) => T,
): Chunked<T> {
  return { chunks: [], length: 0, make };
}

/** Appends `value`. */
export function pushValue<T extends Float64Array | Float32Array | Int32Array>(
  store: Chunked<T>,
  value: number,
): void {
  const at = store.length % CHUNK_VALUES;
  if (at === 0) store.chunks.push(store.make(CHUNK_VALUES));
  store.chunks[store.chunks.length - 1][at] = value;
  store.length++;
}

/** The value at `index`. */
export function valueAt(store: Chunked<Float64Array | Float32Array | Int32Array>, index: number) {
  return store.chunks[Math.floor(index / CHUNK_VALUES)][index % CHUNK_VALUES];
}

/** The whole array as one Int32Array; the chunks are released (the store is left empty). */
export function takeInt32(store: Chunked<Int32Array>): Int32Array {
  const out = new Int32Array(store.length);
  store.chunks.forEach((chunk, index) => {
    const at = index * CHUNK_VALUES;
    out.set(chunk.subarray(0, Math.min(CHUNK_VALUES, store.length - at)), at);
    releaseArray(chunk);
  });
  store.chunks = [];
  store.length = 0;
  return out;
}

/** Distinct texts of a column, each with a code, its count and its words. */
export interface Dictionary {
  /** Code of each distinct text. */
  readonly codes: Map<string, number>;
  /** The texts, by code (first seen first). */
  readonly texts: string[];
  /** Rows holding each code. */
  readonly counts: number[];
  /** Per-row codes. */
  readonly rows: Chunked<Int32Array>;
}

/** A new empty dictionary-coded column. */
export function newDictionary(): Dictionary {
  return {
    codes: new Map(),
    texts: [],
    counts: [],
    rows: newChunked((length) => pagedArray(Int32Array, length)),
  };
}

/** Appends `text` to a dictionary-coded column. */
export function pushText(dictionary: Dictionary, text: string): void {
  let code = dictionary.codes.get(text);
  if (code === undefined) {
    code = dictionary.texts.length;
    dictionary.codes.set(text, code);
    dictionary.texts.push(text);
    dictionary.counts.push(0);
  }
  dictionary.counts[code]++;
  pushValue(dictionary.rows, code);
}

/** One feature column while it streams in. */
export interface ColumnStore {
  /** Its name. */
  readonly name: string;
  /** Undecided (only empty cells so far), numbers, or dictionary-coded text. */
  mode: "pending" | "numeric" | "text";
  /** Empty cells seen before the mode was decided. */
  leading: number;
  /** Empty cells. */
  missing: number;
  /** The numbers (numeric mode). */
  numbers: Chunked<Float64Array | Float32Array>;
  /** The texts (text mode). */
  dictionary: Dictionary;
  /** The first problem of a numeric column, in words with its line. */
  problem?: string;
}

/** A new column named `name`, storing numbers in double precision until told otherwise. */
export function newColumnStore(name: string): ColumnStore {
  return {
    name,
    mode: "pending",
    leading: 0,
    missing: 0,
    numbers: newChunked<Float64Array | Float32Array>((length) => pagedArray(Float64Array, length)),
    dictionary: newDictionary(),
  };
}

/** From now on, stores numbers in float32 (what was stored is converted). */
export function toSinglePrecision(store: ColumnStore): void {
  const numbers = store.numbers;
  if (numbers.chunks[0] instanceof Float32Array) return;
  numbers.chunks = numbers.chunks.map((chunk) => {
    const single = pagedArray(Float32Array, chunk.length);
    single.set(chunk);
    releaseArray(chunk);
    return single;
  });
  numbers.make = (length) => pagedArray(Float32Array, length);
}

/** Appends the cell `text` of CSV line `line`; `source` names the file in a problem. */
export function pushCell(store: ColumnStore, text: string, line: number, source: string): void {
  if (store.mode === "pending") {
    if (text === "") {
      store.leading++;
      return;
    }
    store.mode = isNumberText(text) ? "numeric" : "text";
    for (let i = 0; i < store.leading; i++) {
      if (store.mode === "numeric") pushValue(store.numbers, NaN);
      else pushText(store.dictionary, "");
    }
    store.missing = store.leading;
  }
  if (store.mode === "text") {
    if (text === "") store.missing++;
    pushText(store.dictionary, text);
    return;
  }
  if (text === "") {
    store.missing++;
    pushValue(store.numbers, NaN);
    return;
  }
  if (store.problem === undefined && !isNumberText(text)) {
    store.problem = `${source}: line ${line}, column '${store.name}': expected a number, got ` +
      `${JSON.stringify(text)}`;
  }
  const value = Number(text);
  if (store.problem === undefined && !Number.isFinite(Math.fround(value))) {
    store.problem = `${source}: line ${line}, column '${store.name}': ${text} is outside the ` +
      `float32 range the model computes in`;
  }
  pushValue(store.numbers, value);
}

/**
 * The column's kind by column_kinds.ts's rules, or a problem in words: a
 * column empty in every row, or a numeric column's first bad value.
 */
export function columnKindOf(
  store: ColumnStore,
  rowCount: number,
  source: string,
): ColumnKind | string {
  if (store.mode === "pending") {
    return `${source}: column '${store.name}' is empty in every row; remove it or fill it in`;
  }
  if (store.mode === "numeric") return store.problem ?? { kind: "numeric", missing: store.missing };
  const { texts, counts } = store.dictionary;
  let words = 0;
  let distinct = 0;
  texts.forEach((text, code) => {
    if (text !== "") distinct++;
    words += counts[code] * text.split(/\s+/).filter((word) => word !== "").length;
  });
  if (distinct <= MAX_CATEGORIES && words / rowCount < TEXT_MIN_WORDS) {
    const categories = texts.filter((text) => text !== "")
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { kind: "categorical", categories, missing: store.missing };
  }
  return { kind: "text" };
}

/**
 * Writes the column's encoded values into `matrix` (row-major, `width` per
 * row) from position `offset` of each row, as `column` encodes them (numbers
 * as they are, NaN where empty; one-hot, and the older hashed text, through
 * the serving pipeline's own encoder; a tf-idf column has no slots before its
 * fit), then releases the column's numbers or, for a categorical column, its
 * codes (a free-text column keeps them: they are its raw values).
 */
export function fillColumn(
  store: ColumnStore,
  column: ColumnEncoding,
  matrix: FeatureMatrix,
  width: number,
  offset: number,
): void {
  if (column.kind === "numeric") {
    let row = 0;
    for (const chunk of store.numbers.chunks) {
      const count = Math.min(chunk.length, store.numbers.length - row);
      for (let i = 0; i < count; i++) matrix[(row + i) * width + offset] = chunk[i];
      row += count;
      releaseArray(chunk);
    }
    store.numbers = newChunked((length) => pagedArray(Float32Array, length));
    return;
  }
  const only = { columns: [column] };
  const span = columnWidth(column);
  const { texts, rows } = store.dictionary;
  const encodeOne = (text: string, into: FeatureMatrix, at: number) => {
    const value = column.kind === "categorical" && text === "" ? null : text;
    encodeRowInto(only, { [column.name]: value }, into, at, "training row");
  };
  // A categorical value is encoded once per distinct text; free text once per row.
  const encoded = column.kind === "categorical" ? new Float64Array(texts.length * span) : null;
  if (encoded) texts.forEach((text, code) => encodeOne(text, encoded, code * span));
  for (let row = 0; row < rows.length; row++) {
    const code = valueAt(rows, row);
    if (encoded) matrix.set(encoded.subarray(code * span, (code + 1) * span), row * width + offset);
    else encodeOne(texts[code], matrix, row * width + offset);
  }
  if (encoded) takeInt32(rows);
}
