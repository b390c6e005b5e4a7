/**
 * Turns raw CSV records into a training table: every column but the label
 * is a feature column, encoded by kind (numeric, one-hot categorical, free
 * text as tf-idf — see column_kinds.ts; its vocabulary is fitted after the
 * split, text_columns.ts) through the same feature pipeline serving uses; the
 * label column holds class names or, for a regression, numbers
 * (label_column.ts decides the task). Missing numeric cells stay NaN
 * until {@link imputeMissing} fills them with the training rows' mean. Every
 * problem is reported as one `bad_request` RuntimeError naming the file, the
 * line (the header is line 1) and the column, so the user can fix the file.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import {
  type ColumnEncoding,
  columnWidth,
  type FeaturePipeline,
  pipelineWidth,
  type RawRow,
} from "../modules/tabular_pipeline.ts";
import type { CsvRecord } from "./csv_records.ts";
import { type CsvInput, type ReadProgress, streamCsv } from "./csv_stream.ts";
import type { ColumnKind } from "./column_kinds.ts";
import {
  type Chunked,
  columnKindOf,
  type ColumnStore,
  type Dictionary,
  fillColumn,
  newChunked,
  newColumnStore,
  newDictionary,
  pushCell,
  pushText,
  pushValue,
  takeInt32,
  toSinglePrecision,
} from "./column_store.ts";
import {
  DOUBLE_PRECISION_CELLS,
  type FeatureMatrix,
  gatherRows,
  pagedArray,
} from "./feature_matrix.ts";
import { readCodedLabels, type Task } from "./label_column.ts";
import type { FittedTextColumn } from "./text_tfidf.ts";

/** A validated training table held as flat row-major arrays. */
export interface TrainingTable {
  /** The CSV path as given, used in messages and descriptions. */
  readonly source: string;
  /** Feature column names in CSV order (the raw inputs a client sends). */
  readonly featureNames: readonly string[];
  /** Name of the label column. */
  readonly labelName: string;
  /** Classification or regression. */
  readonly task: Task;
  /** Why this task, in words. */
  readonly taskRule: string;
  /** Class names sorted by code point; a target indexes this list (empty for a regression). */
  readonly classLabels: readonly string[];
  /** Number of data rows. */
  readonly rowCount: number;
  /** The feature pipeline (numeric columns' `impute` set by {@link imputeMissing}). */
  readonly pipeline: FeaturePipeline;
  /** Model inputs per row (the encoded width). */
  readonly width: number;
  /**
   * Encoded features, `rowCount * width`, row-major; NaN where a numeric
   * cell was empty. Float64 for a small table, float32 for a large one
   * (feature_matrix.ts).
   */
  readonly features: FeatureMatrix;
  /** Class index of each row (empty for a regression). */
  readonly targets: Int32Array;
  /** Target value of each row (regression; empty for a classification). */
  readonly values: Float64Array;
  /** CSV line number of each row (the header is line 1). */
  readonly lines: Int32Array;
  /** The raw values of each free-text column (which its encoding can not give back). */
  readonly texts: Readonly<
    Record<string, { readonly texts: readonly string[]; readonly codes: Int32Array }>
  >;
  /** Empty cells per numeric column that had any. */
  readonly missing: Readonly<Record<string, number>>;
  /**
   * The fitted tf-idf columns (text_columns.ts), whose blocks follow the
   * pipeline's float inputs in each row; absent before fitting or without text.
   */
  readonly text?: readonly FittedTextColumn[];
}

/** How to read the table: the label column's name (default: the last column) and the task. */
export interface TableOptions {
  /** Name of the label column; the last column when absent. */
  readonly label?: string;
  /** The task; guessed from the label column when absent. */
  readonly task?: Task;
  /**
   * Most feature cells held in double precision; feature_matrix.ts's
   * {@link DOUBLE_PRECISION_CELLS} when absent (tests set it lower).
   */
  readonly doublePrecisionCells?: number;
}

/**
 * Builds a {@link TrainingTable} from CSV records whose first record is the
 * header. `source` names the file in messages. Throws `bad_request` for an
 * empty file, a header without data rows, a bad header, an unknown label
 * column, no feature column, a ragged row, a non-numeric value in a numeric
 * column, an all-empty column, and the bad labels label_column.ts names.
 */
export function buildTrainingTable(
  source: string,
  records: readonly CsvRecord[],
  options: TableOptions = {},
): TrainingTable {
  const builder = tableBuilder(source, options);
  for (const record of records) builder.add(record.fields, record.line);
  return builder.finish();
}

/**
 * Reads the CSV of `input` straight into a {@link TrainingTable}, streaming:
 * the file is parsed in blocks, each column kept in typed chunks as it
 * comes, and the row-major matrix built once the last row is in — no
 * record objects, no text of the whole file. The same checks and messages
 * as {@link buildTrainingTable}; `onProgress` hears the bytes read.
 */
export async function readTrainingTable(
  input: CsvInput,
  options: TableOptions = {},
  onProgress?: ReadProgress,
): Promise<TrainingTable> {
  const builder = tableBuilder(input.path, options);
  await streamCsv(input, builder.add, onProgress);
  return builder.finish();
}

/** Takes the header, then the data rows, one by one; builds the table at the end. */
function tableBuilder(source: string, options: TableOptions) {
  let header: readonly string[] | undefined;
  let labelIndex = -1;
  let stores: ColumnStore[] = [];
  let columnOf: number[] = [];
  const label: Dictionary = newDictionary();
  const lines: Chunked<Int32Array> = newChunked((length) => pagedArray(Int32Array, length));
  let rowCount = 0;
  let double = true;
  const doubleCells = options.doublePrecisionCells ?? DOUBLE_PRECISION_CELLS;
  const add = (fields: readonly string[], line: number) => {
    if (header === undefined) {
      header = [...fields];
      checkHeader(source, header);
      labelIndex = findLabelColumn(source, header, options.label);
      columnOf = header.map((_, index) => index).filter((index) => index !== labelIndex);
      if (columnOf.length === 0) {
        throw badRequest(
          `${source}: no feature columns; besides the label column '${header[labelIndex]}' ` +
            `the CSV needs at least one numeric feature column`,
        );
      }
      stores = columnOf.map((column) => newColumnStore(header![column]));
      return;
    }
    if (fields.length !== header.length) {
      throw badRequest(
        `${source}: line ${line}: expected ${header.length} fields, got ${fields.length}`,
      );
    }
    for (let index = 0; index < stores.length; index++) {
      pushCell(stores[index], fields[columnOf[index]], line, source);
    }
    pushText(label, fields[labelIndex]);
    pushValue(lines, line);
    rowCount++;
    if (double && rowCount * stores.length > doubleCells) {
      double = false;
      stores.forEach(toSinglePrecision);
    }
  };
  const finish = (): TrainingTable => {
    if (header === undefined) {
      throw badRequest(`${source}: the file is empty; expected a header row and data rows`);
    }
    if (rowCount === 0) throw badRequest(`${source}: the file has a header but no data rows`);
    const kinds = stores.map((store) => {
      const kind = columnKindOf(store, rowCount, source);
      if (typeof kind === "string") throw badRequest(kind);
      return kind;
    });
    const columns = stores.map((store, index) => encodingOf(store.name, kinds[index]));
    const pipeline: FeaturePipeline = { columns };
    const width = pipelineWidth(pipeline);
    const features = double
      ? new Float64Array(rowCount * width)
      : new Float32Array(rowCount * width);
    const texts: Record<string, { texts: readonly string[]; codes: Int32Array }> = {};
    let offset = 0;
    stores.forEach((store, index) => {
      fillColumn(store, columns[index], features, width, offset);
      if (columns[index].kind === "tfidf" || columns[index].kind === "text") {
        texts[store.name] = {
          texts: store.dictionary.texts,
          codes: takeInt32(store.dictionary.rows),
        };
      }
      offset += columnWidth(columns[index]);
    });
    stores = [];
    const rowLines = takeInt32(lines);
    const labelName = header[labelIndex];
    const labels = readCodedLabels(
      source,
      { texts: label.texts, codes: takeInt32(label.rows), lines: rowLines },
      labelName,
      options.task,
    );
    const missing: Record<string, number> = {};
    kinds.forEach((kind, index) => {
      if (kind.kind === "numeric" && kind.missing > 0) missing[columns[index].name] = kind.missing;
    });
    return {
      source,
      featureNames: columns.map((column) => column.name),
      labelName,
      task: labels.task,
      taskRule: labels.rule,
      classLabels: labels.classLabels,
      rowCount,
      pipeline,
      width,
      features,
      targets: labels.targets,
      values: labels.values,
      lines: rowLines,
      texts,
      missing,
    };
  };
  return { add, finish };
}

/**
 * Row `row`'s raw feature values as a client sends them (number, string, or
 * null when empty), read back from the table: numbers from the matrix (in
 * their shortest float32 form when the table is float32), a category from
 * its one-hot slots, free text as it was. Read it before {@link imputeMissing}
 * fills the empty cells.
 */
export function rawRowOf(table: TrainingTable, row: number): RawRow {
  const raw: Record<string, unknown> = {};
  let at = row * table.width;
  for (const column of table.pipeline.columns) {
    if (column.kind === "numeric") {
      const value = table.features[at];
      raw[column.name] = Number.isNaN(value)
        ? null
        : table.features instanceof Float32Array
        ? shortestFloat32(value)
        : value;
    } else if (column.kind === "categorical") {
      const index = column.categories.findIndex((_, slot) => table.features[at + slot] === 1);
      raw[column.name] = index < 0 ? null : column.categories[index];
    } else {
      const text = table.texts[column.name];
      raw[column.name] = text.texts[text.codes[row]];
    }
    at += columnWidth(column);
  }
  return raw;
}

/** The shortest decimal that reads back as the float32 `value`. */
function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 17; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/**
 * Fills the NaN (empty) numeric cells with the mean of that column over the
 * training `rows`, in place (the matrix is not copied), and records the
 * mean in the pipeline so serving imputes the same way. Returns the table
 * with that pipeline; a table without gaps comes back as is.
 */
export function imputeMissing(table: TrainingTable, rows: readonly number[]): TrainingTable {
  if (Object.keys(table.missing).length === 0) return table;
  const features = table.features;
  let offset = 0;
  const columns = table.pipeline.columns.map((column): ColumnEncoding => {
    const at = offset;
    offset += columnWidth(column);
    if (column.kind !== "numeric" || table.missing[column.name] === undefined) return column;
    let sum = 0;
    let count = 0;
    for (const row of rows) {
      const value = features[row * table.width + at];
      if (!Number.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    const mean = Math.fround(count > 0 ? sum / count : 0);
    for (let row = 0; row < table.rowCount; row++) {
      if (Number.isNaN(features[row * table.width + at])) features[row * table.width + at] = mean;
    }
    return { ...column, impute: mean };
  });
  return { ...table, pipeline: { columns } };
}

/** The encoded feature values of the listed rows, row-major (`rows.length * table.width`). */
export function pickRows(table: TrainingTable, rows: readonly number[]): FeatureMatrix {
  return gatherRows(table.features, table.width, rows);
}

/** The pipeline entry of a column of the given kind (numeric imputation is fitted later). */
function encodingOf(name: string, kind: ColumnKind): ColumnEncoding {
  if (kind.kind === "numeric") {
    return { name, kind: "numeric", impute: kind.missing > 0 ? 0 : null };
  }
  if (kind.kind === "categorical") {
    return { name, kind: "categorical", categories: kind.categories };
  }
  return { name, kind: "tfidf", terms: 0 };
}

/** Rejects empty and duplicate column names in the header. */
function checkHeader(source: string, header: readonly string[]): void {
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name === "") {
      throw badRequest(`${source}: line 1: column ${index + 1} has an empty name in the header`);
    }
    if (seen.has(name)) {
      throw badRequest(`${source}: line 1: column '${name}' appears more than once in the header`);
    }
    seen.add(name);
  });
}

/** Index of the label column: the named one, or the last. */
function findLabelColumn(source: string, header: readonly string[], label?: string): number {
  if (label === undefined) return header.length - 1;
  const index = header.indexOf(label);
  if (index < 0) {
    throw badRequest(
      `${source}: label column '${label}' not found; available columns: ${header.join(", ")}`,
    );
  }
  return index;
}
