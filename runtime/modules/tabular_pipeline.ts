/**
 * The feature pipeline of a tabular classifier: how each raw input column
 * becomes model inputs. A numeric column is one input (a missing value is
 * replaced by the training mean when the column had gaps in training, and is
 * an error otherwise); a categorical column is one-hot encoded (an unseen or
 * missing category encodes as all zeros); a text column is hashed into word
 * and character n-gram buckets; a tf-idf column adds nothing to the float
 * `features` block — its raw string goes to the ONNX graph's own string
 * input (`text:<name>`), whose nodes tokenise it and weigh its word n-grams
 * (train/text_front_onnx.ts). The trainer fits it, model.yaml stores it
 * under `module.config.columns`, and every serving door (input.json, tensors,
 * offline CSV scoring) applies it through {@link encodeRows} /
 * {@link encodeRowInto}, so serving transforms exactly as training did.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { hashText, type TextHashing } from "./tabular_text_hashing.ts";

/** A numeric column: one model input. */
export interface NumericColumn {
  /** Column name (the input key). */
  readonly name: string;
  /** Kind tag. */
  readonly kind: "numeric";
  /** Training mean used for a missing value, or null when the column had no gaps. */
  readonly impute: number | null;
}

/** A categorical column: one model input per category seen in training. */
export interface CategoricalColumn {
  /** Column name (the input key). */
  readonly name: string;
  /** Kind tag. */
  readonly kind: "categorical";
  /** The categories, sorted by code point; their one-hot order. */
  readonly categories: readonly string[];
}

/** A free-text column: hashed n-gram buckets. */
export interface TextColumn extends TextHashing {
  /** Column name (the input key). */
  readonly name: string;
  /** Kind tag. */
  readonly kind: "text";
}

/**
 * A free-text column featurised inside the ONNX graph: tf-idf over word 1-
 * and 2-grams of a vocabulary fitted in training. It contributes no float
 * inputs; its raw string is fed to the graph input `text:<name>`.
 */
export interface TfidfColumn {
  /** Column name (the input key). */
  readonly name: string;
  /** Kind tag. */
  readonly kind: "tfidf";
  /** Terms (word n-grams) in the graph's vocabulary: the width of its tf-idf block. */
  readonly terms: number;
}

/** One raw input column and its encoding. */
export type ColumnEncoding = NumericColumn | CategoricalColumn | TextColumn | TfidfColumn;

/** The raw strings of each tf-idf column of a batch, in pipeline order (one list per column). */
export type TextValues = string[][];

/** The whole pipeline: columns in input order. */
export interface FeaturePipeline {
  /** The raw columns, in the order their encodings are laid out. */
  readonly columns: readonly ColumnEncoding[];
}

/** One raw input row: column name to a JSON value (number, string or null). */
export type RawRow = Readonly<Record<string, unknown>>;

/** Number of float inputs `column` produces in the `features` block (a tf-idf column: none). */
export function columnWidth(column: ColumnEncoding): number {
  if (column.kind === "numeric") return 1;
  if (column.kind === "tfidf") return 0;
  return column.kind === "categorical" ? column.categories.length : column.buckets;
}

/** The tf-idf columns of `pipeline`, in order (each one a string input of the graph). */
export function tfidfColumns(pipeline: FeaturePipeline): TfidfColumn[] {
  return pipeline.columns.filter((column): column is TfidfColumn => column.kind === "tfidf");
}

/** The graph's string input of tf-idf column `name`. */
export function textInputName(name: string): string {
  return `text:${name}`;
}

/** An empty {@link TextValues} for `pipeline` (one empty list per tf-idf column). */
export function emptyTextValues(pipeline: FeaturePipeline): TextValues {
  return tfidfColumns(pipeline).map(() => []);
}

/**
 * The onnxruntime feeds of collected text values: graph input name to the
 * batch's strings. Empty when the pipeline has no tf-idf column.
 */
export function textFeeds(
  pipeline: FeaturePipeline,
  texts: TextValues | undefined,
): Record<string, readonly string[]> {
  const feeds: Record<string, readonly string[]> = {};
  tfidfColumns(pipeline).forEach((column, index) => {
    feeds[textInputName(column.name)] = texts?.[index] ?? [];
  });
  return feeds;
}

/** Number of model inputs the pipeline produces per row. */
export function pipelineWidth(pipeline: FeaturePipeline): number {
  return pipeline.columns.reduce((sum, column) => sum + columnWidth(column), 0);
}

/** True when every column is numeric without imputation (the plain feature-vector model). */
export function isPlainNumeric(pipeline: FeaturePipeline): boolean {
  return pipeline.columns.every((column) => column.kind === "numeric" && column.impute === null);
}

/** The pipeline of a plain numeric model: `features` in order, no imputation. */
export function numericPipeline(features: readonly string[]): FeaturePipeline {
  return { columns: features.map((name) => ({ name, kind: "numeric", impute: null })) };
}

/**
 * Encodes one raw row into `into[offset .. offset + pipelineWidth)`, and
 * appends its tf-idf columns' strings to `texts` (only once the whole row is
 * valid, so a rejected row leaves `texts` as it was). Throws a
 * `bad_request` RuntimeError whose message starts with `source` (e.g.
 * `input.json: feature 'age' must be a number, got "x"`).
 */
export function encodeRowInto(
  pipeline: FeaturePipeline,
  row: RawRow,
  into: Float32Array | Float64Array,
  offset: number,
  source: string,
  texts?: TextValues,
): void {
  let at = offset;
  const strings: string[] = [];
  for (const column of pipeline.columns) {
    const present = Object.hasOwn(row, column.name);
    const value = present ? row[column.name] : undefined;
    const width = columnWidth(column);
    if (column.kind === "numeric") {
      into[at] = numericValue(column, value, present, source);
    } else if (column.kind === "categorical") {
      into.fill(0, at, at + width);
      if (value !== null && value !== undefined) {
        if (typeof value !== "string" && typeof value !== "number") {
          throw badRequest(
            `${source}: feature '${column.name}' must be a string, got ${describeValue(value)}`,
          );
        }
        const index = column.categories.indexOf(String(value));
        if (index >= 0) into[at + index] = 1;
      }
    } else if (column.kind === "tfidf") {
      strings.push(textValue(column, value, present, source));
    } else {
      if (!present) throw badRequest(`${source}: feature '${column.name}' is missing`);
      if (typeof value !== "string") {
        throw badRequest(
          `${source}: feature '${column.name}' must be a string, got ${describeValue(value)}`,
        );
      }
      into.fill(0, at, at + width);
      hashText(value, column, into, at);
    }
    at += width;
  }
  if (texts !== undefined) strings.forEach((text, index) => texts[index].push(text));
}

/** A tf-idf column's value: a string (null or absent reads as the empty text). */
function textValue(column: TfidfColumn, value: unknown, present: boolean, source: string): string {
  if (!present) throw badRequest(`${source}: feature '${column.name}' is missing`);
  if (value === null) return "";
  if (typeof value !== "string") {
    throw badRequest(
      `${source}: feature '${column.name}' must be a string, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * Encodes `rows` into one row-major float32 block (`rows.length *
 * pipelineWidth` values): the model input of a batch. The first bad row
 * throws `bad_request` naming its index (`row 3: feature 'x' is missing`).
 *
 * @example
 * ```ts
 * import { encodeRows, type FeaturePipeline } from "./tabular_pipeline.ts";
 * const pipeline: FeaturePipeline = {
 *   columns: [
 *     { name: "age", kind: "numeric", impute: 40 },
 *     { name: "colour", kind: "categorical", categories: ["blue", "red"] },
 *   ],
 * };
 * const block = encodeRows(pipeline, [{ age: 30, colour: "red" }, { age: null, colour: "blue" }]);
 * if (block.join(",") !== "30,0,1,40,1,0") throw new Error(block.join(","));
 * ```
 */
export function encodeRows(pipeline: FeaturePipeline, rows: readonly RawRow[]): Float32Array {
  const width = pipelineWidth(pipeline);
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, index) => encodeRowInto(pipeline, row, out, index * width, `row ${index}`));
  return out;
}

function numericValue(
  column: NumericColumn,
  value: unknown,
  present: boolean,
  source: string,
): number {
  if (value === null || value === undefined) {
    if (column.impute !== null) return column.impute;
    if (!present) throw badRequest(`${source}: feature '${column.name}' is missing`);
  }
  if (typeof value !== "number") {
    throw badRequest(
      `${source}: feature '${column.name}' must be a number, got ${describeValue(value)}`,
    );
  }
  const single = Math.fround(value);
  if (!Number.isFinite(single)) {
    throw badRequest(
      `${source}: feature '${column.name}' must be a number within the float32 range, ` +
        `got ${value}`,
    );
  }
  return single;
}

/** A short description of a JSON value for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return String(value);
}
