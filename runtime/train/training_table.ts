/**
 * Turns raw CSV records into a numeric training table: every column but the
 * label is a numeric feature, the label column holds class names. Every
 * problem is reported as one `bad_request` RuntimeError naming the file, the
 * line (the header is line 1) and the column, so the user can fix the file.
 *
 * @module
 */
import { badRequest } from "../errors.ts";
import type { CsvRecord } from "./csv_records.ts";

/** A validated training table held as flat row-major arrays. */
export interface TrainingTable {
  /** The CSV path as given, used in messages and descriptions. */
  readonly source: string;
  /** Feature column names in CSV order. */
  readonly featureNames: readonly string[];
  /** Name of the label column. */
  readonly labelName: string;
  /** Class names, sorted by code point; a target is an index into this list. */
  readonly classLabels: readonly string[];
  /** Number of data rows. */
  readonly rowCount: number;
  /** Feature values, `rowCount * featureNames.length`, row-major. */
  readonly features: Float64Array;
  /** Class index of each row. */
  readonly targets: Int32Array;
  /** CSV line number of each row (the header is line 1). */
  readonly lines: Int32Array;
}

/** How to read the table: the label column's name (default: the last column). */
export interface TableOptions {
  /** Name of the label column; the last column when absent. */
  readonly label?: string;
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Builds a {@link TrainingTable} from CSV records whose first record is the
 * header. `source` names the file in messages. Throws `bad_request` for an
 * empty file, a header without data rows, a bad header, an unknown label
 * column, no feature column, a ragged row, a non-numeric feature, an empty
 * label or a single class.
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

  const featureCount = featureColumns.length;
  const features = new Float64Array(rows.length * featureCount);
  const lines = new Int32Array(rows.length);
  const labelTexts: string[] = [];
  rows.forEach((row, rowIndex) => {
    if (row.fields.length !== header.length) {
      throw badRequest(
        `${source}: line ${row.line}: expected ${header.length} fields, got ${row.fields.length}`,
      );
    }
    featureColumns.forEach((column, featureIndex) => {
      const text = row.fields[column];
      if (!NUMBER_PATTERN.test(text)) {
        throw badRequest(
          `${source}: line ${row.line}, column '${header[column]}': ` +
            `expected a number, got ${JSON.stringify(text)}`,
        );
      }
      const value = Number(text);
      if (!Number.isFinite(Math.fround(value))) {
        throw badRequest(
          `${source}: line ${row.line}, column '${header[column]}': ` +
            `${text} is outside the float32 range the model computes in`,
        );
      }
      features[rowIndex * featureCount + featureIndex] = value;
    });
    const label = row.fields[labelIndex];
    if (label === "") {
      throw badRequest(`${source}: line ${row.line}, column '${labelName}': the label is empty`);
    }
    labelTexts.push(label);
    lines[rowIndex] = row.line;
  });

  const classLabels = [...new Set(labelTexts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classLabels.length < 2) {
    throw badRequest(
      `${source}: label column '${labelName}' has a single class '${classLabels[0]}'; ` +
        `at least 2 classes are needed`,
    );
  }
  const classIndex = new Map(classLabels.map((label, index) => [label, index]));
  const targets = Int32Array.from(labelTexts, (label) => classIndex.get(label) ?? -1);
  return {
    source,
    featureNames: featureColumns.map((column) => header[column]),
    labelName,
    classLabels,
    rowCount: rows.length,
    features,
    targets,
    lines,
  };
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
