/**
 * Reads the label column of a training CSV and decides the task. Unless the
 * caller sets it, the task is guessed from the labels: a numeric label with
 * more than `max(20, 5% of the rows)` distinct values, or with any value that
 * is not a whole number, is a regression target; anything else (text, or a
 * few whole numbers such as digits 0–9) names classes. The rule that decided
 * is returned in words so the trainer can log it. Bad labels — empty, NaN,
 * infinite, beyond float32, text where a number is needed, a constant
 * regression target — are `bad_request` errors naming the column and the
 * first few offending lines.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { isNumberText } from "./column_kinds.ts";
import type { CsvRecord } from "./csv_records.ts";

/** What the model learns: classes, or a number. */
export type Task = "classification" | "regression";

/** Every task. */
export const TASKS: readonly Task[] = ["classification", "regression"];

/** Fewest distinct values above which a whole-number label is a regression target. */
export const MIN_REGRESSION_DISTINCT = 20;
/** Share of the rows above which a whole-number label's distinct values make it regression. */
export const REGRESSION_DISTINCT_SHARE = 0.05;
/** Lines named in an error before the rest are only counted. */
export const LINES_SHOWN = 5;

/** The label column read and its task decided. */
export interface LabelColumn {
  /** The task. */
  readonly task: Task;
  /** Why this task, in words (for the log). */
  readonly rule: string;
  /** Class names sorted by code point (classification), else empty. */
  readonly classLabels: readonly string[];
  /** Class index per row (classification), else empty. */
  readonly targets: Int32Array;
  /** Target value per row (regression), else empty. */
  readonly values: Float64Array;
}

const NOT_FINITE_PATTERN = /^[+-]?(nan|inf|infinity)$/i;

/** True when `text` names a number that is not finite (NaN, inf) or overflows float32. */
function isNonFiniteText(text: string): boolean {
  if (NOT_FINITE_PATTERN.test(text)) return true;
  return isNumberText(text) && !Number.isFinite(Math.fround(Number(text)));
}

/** A label column read as a dictionary: its distinct texts, each row's code and line. */
export interface CodedLabels {
  /** Distinct label texts, by code. */
  readonly texts: readonly string[];
  /** Code of each row's label. */
  readonly codes: Int32Array;
  /** CSV line of each row. */
  readonly lines: ArrayLike<number>;
}

/**
 * Reads column `column` (named `name`) of the data `rows` as the label.
 * `task` forces the task; absent, it is guessed (see the module notes).
 */
export function readLabelColumn(
  source: string,
  rows: readonly CsvRecord[],
  column: number,
  name: string,
  task?: Task,
): LabelColumn {
  const index = new Map<string, number>();
  const texts: string[] = [];
  const codes = Int32Array.from(rows, (row) => {
    const text = row.fields[column];
    let code = index.get(text);
    if (code === undefined) index.set(text, code = texts.push(text) - 1);
    return code;
  });
  const lines = Int32Array.from(rows, (row) => row.line);
  return readCodedLabels(source, { texts, codes, lines }, name, task);
}

/** {@link readLabelColumn} for a label column already coded as a dictionary. */
export function readCodedLabels(
  source: string,
  labels: CodedLabels,
  name: string,
  task?: Task,
): LabelColumn {
  const { texts, codes } = labels;
  const where = `${source}: column '${name}'`;
  const empty = rowsWhere(labels, (text) => text === "");
  if (empty.length > 0) {
    throw badRequest(`${where}: the label is empty on ${lineList(empty, labels)}`);
  }
  const numeric = texts.every((text) => isNumberText(text) || isNonFiniteText(text)) &&
    texts.some((text) => isNumberText(text));
  if (task === "regression" || (task === undefined && numeric)) {
    const text = rowsWhere(labels, (text) => !isNumberText(text) && !isNonFiniteText(text));
    if (text.length > 0) {
      throw badRequest(
        `${where}: a regression label must be a number; not a number on ` +
          `${lineList(text, labels, true)}`,
      );
    }
    const nonFinite = rowsWhere(labels, isNonFiniteText);
    if (nonFinite.length > 0) {
      throw badRequest(
        `${where}: the label must be a finite number within the float32 range; not on ` +
          `${lineList(nonFinite, labels, true)}`,
      );
    }
  }
  const numbers = texts.map((text) => (isNumberText(text) ? Number(text) : NaN));
  const values = Float64Array.from(codes, (code) => numbers[code]);
  const decided = task === undefined
    ? guessTask(labels, numbers, name, numeric)
    : { task, rule: `set by the task option` };
  if (decided.task === "regression") {
    checkVaries(where, values);
    return { ...decided, classLabels: [], targets: new Int32Array(0), values };
  }
  const classLabels = [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classLabels.length < 2) {
    throw badRequest(
      `${source}: label column '${name}' has a single class '${classLabels[0]}'; ` +
        `at least 2 classes are needed`,
    );
  }
  const classIndex = new Map(classLabels.map((label, index) => [label, index]));
  const byCode = texts.map((text) => classIndex.get(text) ?? -1);
  const targets = Int32Array.from(codes, (code) => byCode[code]);
  return { ...decided, classLabels, targets, values: new Float64Array(0) };
}

/** The guess and its rule in words. */
function guessTask(
  labels: CodedLabels,
  numbers: readonly number[],
  name: string,
  numeric: boolean,
): { task: Task; rule: string } {
  if (!numeric) return { task: "classification", rule: `label '${name}' holds text` };
  const rowCount = labels.codes.length;
  const fractional = labels.codes.findIndex((code) => !Number.isInteger(numbers[code]));
  if (fractional >= 0) {
    return {
      task: "regression",
      rule: `label '${name}' holds numbers that are not whole ` +
        `(${labels.texts[labels.codes[fractional]]} on line ${labels.lines[fractional]})`,
    };
  }
  const distinct = new Set(numbers).size;
  const share = REGRESSION_DISTINCT_SHARE * rowCount;
  const limit = `max(${MIN_REGRESSION_DISTINCT}, ${REGRESSION_DISTINCT_SHARE * 100}% of ` +
    `${rowCount} rows = ${Number(share.toFixed(2))})`;
  return distinct > Math.max(MIN_REGRESSION_DISTINCT, share)
    ? {
      task: "regression",
      rule: `label '${name}' holds ${distinct} distinct whole numbers, more than ${limit}`,
    }
    : {
      task: "classification",
      rule: `label '${name}' holds ${distinct} distinct whole numbers, not more than ${limit}`,
    };
}

/** Rejects a regression target that never changes. */
function checkVaries(where: string, values: Float64Array): void {
  if (values.every((value) => value === values[0])) {
    throw badRequest(
      `${where}: the label is constant (${values[0]} on every line); a regression needs a ` +
        `target that varies`,
    );
  }
}

/**
 * The first {@link LINES_SHOWN} rows whose label text passes `test`, and how
 * many pass in all.
 */
function rowsWhere(labels: CodedLabels, test: (text: string) => boolean): RowList {
  const passes = labels.texts.map(test);
  const shown: number[] = [];
  let length = 0;
  labels.codes.forEach((code, row) => {
    if (!passes[code]) return;
    if (shown.length < LINES_SHOWN) shown.push(row);
    length++;
  });
  return { shown, length };
}

interface RowList {
  readonly shown: readonly number[];
  readonly length: number;
}

/**
 * `line 3`, `lines 3, 7 and 9`, or the first {@link LINES_SHOWN} and how many
 * more; with `quote`, each line's value in quotes.
 */
function lineList(rows: RowList, labels: CodedLabels, quote = false): string {
  const shown = rows.shown.map((row) => {
    const line = String(labels.lines[row]);
    return quote ? `${line} (${JSON.stringify(labels.texts[labels.codes[row]])})` : line;
  });
  const rest = rows.length - shown.length;
  const list = shown.length === 1
    ? shown[0]
    : rest > 0
    ? `${shown.join(", ")} and ${rest} more`
    : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
  return `${rows.length === 1 ? "line" : "lines"} ${list}`;
}
