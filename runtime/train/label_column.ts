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
  const texts = rows.map((row) => row.fields[column]);
  const where = `${source}: column '${name}'`;
  const empty = linesWhere(rows, texts, (text) => text === "");
  if (empty.length > 0) {
    throw badRequest(`${where}: the label is empty on ${lineList(empty, rows)}`);
  }
  const numeric = texts.every((text) => isNumberText(text) || isNonFiniteText(text)) &&
    texts.some((text) => isNumberText(text));
  if (task === "regression" || (task === undefined && numeric)) {
    const text = linesWhere(rows, texts, (text) => !isNumberText(text) && !isNonFiniteText(text));
    if (text.length > 0) {
      throw badRequest(
        `${where}: a regression label must be a number; not a number on ` +
          `${lineList(text, rows, texts)}`,
      );
    }
    const nonFinite = linesWhere(rows, texts, isNonFiniteText);
    if (nonFinite.length > 0) {
      throw badRequest(
        `${where}: the label must be a finite number within the float32 range; not on ` +
          `${lineList(nonFinite, rows, texts)}`,
      );
    }
  }
  const values = Float64Array.from(texts, (text) => (isNumberText(text) ? Number(text) : NaN));
  const decided = task === undefined
    ? guessTask(rows, texts, values, name, numeric)
    : { task, rule: `set by the task option` };
  if (decided.task === "regression") {
    checkVaries(where, values);
    return { ...decided, classLabels: [], targets: new Int32Array(0), values };
  }
  const classLabels = [...new Set(texts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classLabels.length < 2) {
    throw badRequest(
      `${source}: label column '${name}' has a single class '${classLabels[0]}'; ` +
        `at least 2 classes are needed`,
    );
  }
  const classIndex = new Map(classLabels.map((label, index) => [label, index]));
  const targets = Int32Array.from(texts, (label) => classIndex.get(label) ?? -1);
  return { ...decided, classLabels, targets, values: new Float64Array(0) };
}

/** The guess and its rule in words. */
function guessTask(
  rows: readonly CsvRecord[],
  texts: readonly string[],
  values: Float64Array,
  name: string,
  numeric: boolean,
): { task: Task; rule: string } {
  if (!numeric) return { task: "classification", rule: `label '${name}' holds text` };
  const fractional = values.findIndex((value) => !Number.isInteger(value));
  if (fractional >= 0) {
    return {
      task: "regression",
      rule: `label '${name}' holds numbers that are not whole (${texts[fractional]} on line ` +
        `${rows[fractional].line})`,
    };
  }
  const distinct = new Set(values).size;
  const share = REGRESSION_DISTINCT_SHARE * rows.length;
  const limit = `max(${MIN_REGRESSION_DISTINCT}, ${REGRESSION_DISTINCT_SHARE * 100}% of ` +
    `${rows.length} rows = ${Number(share.toFixed(2))})`;
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

/** Indices of the rows whose label text passes `test`. */
function linesWhere(
  rows: readonly CsvRecord[],
  texts: readonly string[],
  test: (text: string) => boolean,
): number[] {
  return rows.map((_, index) => index).filter((index) => test(texts[index]));
}

/**
 * `line 3`, `lines 3, 7 and 9`, or the first {@link LINES_SHOWN} and how many
 * more; with `texts`, each line's value in quotes.
 */
function lineList(
  indices: readonly number[],
  rows: readonly CsvRecord[],
  texts?: readonly string[],
): string {
  const shown = indices.slice(0, LINES_SHOWN).map((index) => {
    const line = String(rows[index].line);
    return texts === undefined ? line : `${line} (${JSON.stringify(texts[index])})`;
  });
  const rest = indices.length - shown.length;
  const list = shown.length === 1
    ? shown[0]
    : rest > 0
    ? `${shown.join(", ")} and ${rest} more`
    : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
  return `${indices.length === 1 ? "line" : "lines"} ${list}`;
}
