/**
 * The feature pipeline of a tabular classifier: how each raw input column
 * becomes model inputs. A numeric column is one input (a missing value is
 * replaced by the training mean when the column had gaps in training, and is
 * an error otherwise); a categorical column is one-hot encoded (an unseen or
 * missing category encodes as all zeros); a text column is hashed into word
 * and character n-gram buckets. The trainer fits it, model.yaml stores it
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

/** One raw input column and its encoding. */
export type ColumnEncoding = NumericColumn | CategoricalColumn | TextColumn;

/** The whole pipeline: columns in input order. */
export interface FeaturePipeline {
  /** The raw columns, in the order their encodings are laid out. */
  readonly columns: readonly ColumnEncoding[];
}

/** One raw input row: column name to a JSON value (number, string or null). */
export type RawRow = Readonly<Record<string, unknown>>;

/** Number of model inputs `column` produces. */
export function columnWidth(column: ColumnEncoding): number {
  if (column.kind === "numeric") return 1;
  return column.kind === "categorical" ? column.categories.length : column.buckets;
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
 * Encodes one raw row into `into[offset .. offset + pipelineWidth)`. Throws
 * a `bad_request` RuntimeError whose message starts with `source` (e.g.
 * `input.json: feature 'age' must be a number, got "x"`).
 */
export function encodeRowInto(
  pipeline: FeaturePipeline,
  row: RawRow,
  into: Float32Array | Float64Array,
  offset: number,
  source: string,
): void {
  let at = offset;
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
