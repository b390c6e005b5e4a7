/**
 * Turns raw CSV records into a training table: every column but the label
 * is a feature column, encoded by kind (numeric, one-hot categorical, free
 * text as tf-idf — see column_kinds.ts; its vocabulary is fitted after the
 * split, text_columns.ts) through the same feature pipeline serving uses; the label column holds class names or, for a regression, numbers
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
  encodeRowInto,
  type FeaturePipeline,
  pipelineWidth,
  type RawRow,
} from "../modules/tabular_pipeline.ts";
import type { CsvRecord } from "./csv_records.ts";
import { classifyColumn, type ColumnKind } from "./column_kinds.ts";
import { readLabelColumn, type Task } from "./label_column.ts";
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
  /** Encoded features, `rowCount * width`, row-major; NaN where a numeric cell was empty. */
  readonly features: Float64Array;
  /** Class index of each row (empty for a regression). */
  readonly targets: Int32Array;
  /** Target value of each row (regression; empty for a classification). */
  readonly values: Float64Array;
  /** CSV line number of each row (the header is line 1). */
  readonly lines: Int32Array;
  /** Each row's raw feature values (number, string, or null when empty), as a client sends them. */
  readonly rawRows: readonly RawRow[];
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
  if (records.length === 0) {
    throw badRequest(`${source}: the file is empty; expected a header row and data rows`);
  }
  const header = records[0].fields;
  checkHeader(source, header);
  const labelIndex = findLabelColumn(source, header, options.label);
  const labelName = header[labelIndex];
  const featureColumns = header.map((_, index) => index).filter((index) => index !== labelIndex);
  if (featureColumns.length === 0) {
    throw badRequest(
      `${source}: no feature columns; besides the label column '${labelName}' ` +
        `the CSV needs at least one numeric feature column`,
    );
  }
  const rows = records.slice(1);
  if (rows.length === 0) throw badRequest(`${source}: the file has a header but no data rows`);
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw badRequest(
        `${source}: line ${row.line}: expected ${header.length} fields, got ${row.fields.length}`,
      );
    }
  }
  const kinds = featureColumns.map((column) =>
    classifyColumn(source, rows, column, header[column])
  );
  const columns = featureColumns.map((column, index) => encodingOf(header[column], kinds[index]));
  const pipeline: FeaturePipeline = { columns };
  const width = pipelineWidth(pipeline);
  const features = new Float64Array(rows.length * width);
  const lines = new Int32Array(rows.length);
  const rawRows: RawRow[] = [];
  rows.forEach((row, rowIndex) => {
    const raw: Record<string, unknown> = {};
    featureColumns.forEach((column, index) => {
      const text = row.fields[column];
      const kind = kinds[index].kind;
      raw[header[column]] = text === "" && kind !== "text"
        ? null
        : kind === "numeric"
        ? Number(text)
        : text;
    });
    rawRows.push(raw);
    encodeTrainingRow(pipeline, raw, features, rowIndex * width);
    lines[rowIndex] = row.line;
  });

  const label = readLabelColumn(source, rows, labelIndex, labelName, options.task);
  const missing: Record<string, number> = {};
  kinds.forEach((kind, index) => {
    if (kind.kind === "numeric" && kind.missing > 0) missing[columns[index].name] = kind.missing;
  });
  return {
    source,
    featureNames: featureColumns.map((column) => header[column]),
    labelName,
    task: label.task,
    taskRule: label.rule,
    classLabels: label.classLabels,
    rowCount: rows.length,
    pipeline,
    width,
    features,
    targets: label.targets,
    values: label.values,
    lines,
    rawRows,
    missing,
  };
}

/**
 * Fills the NaN (empty) numeric cells with the mean of that column over the
 * training `rows`, and records the mean in the pipeline so serving imputes
 * the same way. Returns a new table; a table without gaps comes back as is.
 */
export function imputeMissing(table: TrainingTable, rows: readonly number[]): TrainingTable {
  if (Object.keys(table.missing).length === 0) return table;
  const features = Float64Array.from(table.features);
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
  return { ...table, features, pipeline: { columns } };
}

/** The encoded feature values of the listed rows, row-major (`rows.length * table.width`). */
export function pickRows(table: TrainingTable, rows: readonly number[]): Float64Array {
  const width = table.width;
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, index) =>
    out.set(table.features.subarray(row * width, (row + 1) * width), index * width)
  );
  return out;
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

/**
 * Encodes one training row; numeric cells keep double precision and empty
 * ones become NaN (filled by imputeMissing).
 */
function encodeTrainingRow(
  pipeline: FeaturePipeline,
  raw: RawRow,
  into: Float64Array,
  offset: number,
): void {
  encodeRowInto(pipeline, raw, into, offset, "training row");
  let at = offset;
  for (const column of pipeline.columns) {
    // Training keeps full double precision (serving casts to float32 itself).
    if (column.kind === "numeric") {
      const value = raw[column.name];
      into[at] = value === null ? NaN : value as number;
    }
    at += columnWidth(column);
  }
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
