/**
 * The trainer's side of tf-idf columns. After the holdout split,
 * {@link fitTextColumns} fits each free-text column's vocabulary and idf on
 * the training rows only (as scikit-learn fits its vectoriser on the
 * training split) and appends the tf-idf blocks to the encoded features:
 * a row is laid out as the graph sees it after its text front — the float
 * inputs of the other columns, then one block per text column. The export
 * puts the same computation in the graph ({@link tableTextFront}), and
 * {@link graphInputs} gives the graph's own inputs of some rows (floats and
 * raw strings) for the export check and the test cases.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { type ColumnEncoding, pipelineWidth, textInputName } from "../modules/tabular_pipeline.ts";
import type { TextFront } from "./text_front_onnx.ts";
import {
  type FittedTextColumn,
  fitTfidf,
  termIndex,
  TFIDF_MAX_TERMS,
  TFIDF_MIN_DF,
  transformTfidf,
} from "./text_tfidf.ts";
import type { TrainingTable } from "./training_table.ts";

/** The raw text of `column` in table row `row` ("" when empty). */
function rawText(table: TrainingTable, row: number, column: string): string {
  const text = table.texts[column];
  return text ? text.texts[text.codes[row]] ?? "" : "";
}

/**
 * Fits every tf-idf column of `table` on the `train` rows and returns the
 * table with their blocks appended to each row (`width` grows by the terms)
 * and the pipeline's `terms` set. A table without text columns comes back as
 * is. `say` hears one line per column. Throws `bad_request` when a column
 * has no word of two or more letters in its training rows.
 */
export function fitTextColumns(
  table: TrainingTable,
  train: readonly number[],
  say: (line: string) => void = () => {},
): TrainingTable {
  if (!table.pipeline.columns.some((column) => column.kind === "tfidf")) return table;
  const fitted: FittedTextColumn[] = [];
  const columns = table.pipeline.columns.map((column): ColumnEncoding => {
    if (column.kind !== "tfidf") return column;
    const documents = train.map((row) => rawText(table, row, column.name));
    let model = fitTfidf(documents);
    if (model.terms.length === 0) model = fitTfidf(documents, { minDf: 1 });
    if (model.terms.length === 0) {
      throw badRequest(
        `${table.source}: column '${column.name}' was read as free text, but its training rows ` +
          `hold no word of two or more letters or digits`,
      );
    }
    const words = documents.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    say(
      `column '${column.name}': free text (${(words / documents.length).toFixed(1)} words per ` +
        `value on average): tf-idf over word 1-2-grams inside the ONNX graph, ` +
        `${model.terms.length} terms (in at least ${TFIDF_MIN_DF} training rows, at most ` +
        `${TFIDF_MAX_TERMS}), fitted on the ${train.length} training rows`,
    );
    fitted.push({ name: column.name, model });
    return { ...column, terms: model.terms.length };
  });
  const inputWidth = pipelineWidth(table.pipeline);
  const width = inputWidth + fitted.reduce((sum, column) => sum + column.model.terms.length, 0);
  // The same precision as the table's matrix (float32 past its double-precision limit).
  const features = table.features instanceof Float32Array
    ? new Float32Array(table.rowCount * width)
    : new Float64Array(table.rowCount * width);
  const indexes = fitted.map((column) => termIndex(column.model));
  for (let row = 0; row < table.rowCount; row++) {
    features.set(
      table.features.subarray(row * table.width, row * table.width + inputWidth),
      row * width,
    );
    let at = row * width + inputWidth;
    fitted.forEach((column, index) => {
      transformTfidf(column.model, indexes[index], rawText(table, row, column.name), features, at);
      at += column.model.terms.length;
    });
  }
  return { ...table, pipeline: { columns }, width, features, text: fitted };
}

/** The text front of `table`'s export (no columns when it has no tf-idf column). */
export function tableTextFront(table: TrainingTable): TextFront {
  return { inputWidth: pipelineWidth(table.pipeline), columns: table.text ?? [] };
}

/**
 * The graph's inputs of the listed rows: the float `features` (the first
 * {@link tableTextFront}`.inputWidth` values of each encoded row) and each
 * tf-idf column's raw strings by graph input name.
 */
export function graphInputs(
  table: TrainingTable,
  rows: readonly number[],
): { features: Float64Array; texts: Record<string, readonly string[]> } {
  const inputWidth = pipelineWidth(table.pipeline);
  const features = new Float64Array(rows.length * inputWidth);
  rows.forEach((row, index) =>
    features.set(
      table.features.subarray(row * table.width, row * table.width + inputWidth),
      index * inputWidth,
    )
  );
  const texts: Record<string, readonly string[]> = {};
  for (const column of table.text ?? []) {
    texts[textInputName(column.name)] = rows.map((row) => rawText(table, row, column.name));
  }
  return { features, texts };
}
