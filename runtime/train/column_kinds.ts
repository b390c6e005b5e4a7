/**
 * Decides how each CSV feature column is encoded, from its values: a column
 * whose first non-empty value is a number is numeric (empty cells are
 * missing values, imputed later; any other text is an error); otherwise a
 * column with at most {@link MAX_CATEGORIES} distinct values averaging under
 * {@link TEXT_MIN_WORDS} words is categorical (one-hot), and anything else
 * is free text (tf-idf over word 1-2-grams, text_tfidf.ts).
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import type { CsvRecord } from "./csv_records.ts";

/** Most distinct values a string column may have to be one-hot encoded. */
export const MAX_CATEGORIES = 20;
/** Average words per value from which a string column is free text. */
export const TEXT_MIN_WORDS = 3;

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The kind of one feature column and what was learnt about it. */
export type ColumnKind =
  | { readonly kind: "numeric"; readonly missing: number }
  | {
    readonly kind: "categorical";
    readonly categories: readonly string[];
    readonly missing: number;
  }
  | { readonly kind: "text" };

/** True when `text` is a plain decimal number as the trainer reads them. */
export function isNumberText(text: string): boolean {
  return NUMBER_PATTERN.test(text);
}

/**
 * Classifies column `column` (named `name`) of the data `rows`. Throws
 * `bad_request` for a numeric column holding a non-number or a value beyond
 * float32, and for a column that is empty in every row.
 */
export function classifyColumn(
  source: string,
  rows: readonly CsvRecord[],
  column: number,
  name: string,
): ColumnKind {
  const first = rows.find((row) => row.fields[column] !== "");
  if (first === undefined) {
    throw badRequest(
      `${source}: column '${name}' is empty in every row; remove it or fill it in`,
    );
  }
  if (isNumberText(first.fields[column])) {
    let missing = 0;
    for (const row of rows) {
      const text = row.fields[column];
      if (text === "") {
        missing++;
        continue;
      }
      if (!isNumberText(text)) {
        throw badRequest(
          `${source}: line ${row.line}, column '${name}': expected a number, got ` +
            `${JSON.stringify(text)}`,
        );
      }
      if (!Number.isFinite(Math.fround(Number(text)))) {
        throw badRequest(
          `${source}: line ${row.line}, column '${name}': ${text} is outside the float32 ` +
            `range the model computes in`,
        );
      }
    }
    return { kind: "numeric", missing };
  }
  const distinct = new Set<string>();
  let words = 0;
  let missing = 0;
  for (const row of rows) {
    const text = row.fields[column];
    if (text === "") missing++;
    else distinct.add(text);
    words += text.split(/\s+/).filter((word) => word !== "").length;
  }
  if (distinct.size <= MAX_CATEGORIES && words / rows.length < TEXT_MIN_WORDS) {
    const categories = [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { kind: "categorical", categories, missing };
  }
  return { kind: "text" };
}
