/**
 * Offline scoring: reads a CSV as a stream (csv-parse), encodes each batch
 * of rows with the bundle's feature pipeline, runs one onnxruntime call per
 * batch, and writes every row back with the predicted label and one score
 * column per class appended (a classifier) or the predicted number in a
 * `prediction` column (a regressor). Memory stays bounded by the batch size, so the
 * file may be larger than memory. A row that cannot be encoded keeps empty
 * prediction cells and is reported to `onRowError`.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse";
import { badRequest, internalError } from "../base/errors.ts";
import { loadBundle } from "../bundle/load.ts";
import { OnnxSession } from "../backends/onnx/session.ts";
import { runProbabilities } from "../modules/probability_model.ts";
import { runPredictions, shortestFloat32 } from "../modules/regression_model.ts";
import {
  parseTabularClassifierConfig,
  parseTabularRegressorConfig,
  TABULAR_CLASSIFIER_ID,
  TABULAR_REGRESSOR_ID,
} from "../modules/tabular_config.ts";
import {
  emptyTextValues,
  encodeRowInto,
  type FeaturePipeline,
  type RawRow,
  textFeeds,
} from "../modules/tabular_pipeline.ts";
import { isNumberText } from "./column_kinds.ts";

/** Rows per onnxruntime call. */
export const SCORING_BATCH_ROWS = 512;

/** What a scoring run did. */
export interface ScoringSummary {
  /** Data rows read. */
  readonly rows: number;
  /** Rows that could not be scored. */
  readonly failedRows: number;
}

/** Where scored text goes and who hears about bad rows. */
export interface ScoringSinks {
  /** Receives the output CSV, in order, a chunk at a time. */
  readonly write: (text: string) => Promise<void>;
  /** Hears each row that could not be scored (CSV line and reason). */
  readonly onRowError?: (line: number, reason: string) => void;
}

/** Quotes a CSV field when it needs it (comma, quote, line break, outer spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Score columns' header: `prediction`, then `score_<label>` per class. */
export function scoreHeader(labels: readonly string[]): string[] {
  return ["prediction", ...labels.map((label) => `score_${label}`)];
}

/** What a model adds to each row: its columns' names and, per batch, each row's cells. */
interface Scorer {
  /** The appended header cells. */
  readonly header: readonly string[];
  /** The appended cells of `rowCount` encoded rows in `buffer` (and their texts by input name). */
  readonly score: (
    buffer: Float32Array,
    rowCount: number,
    texts: Readonly<Record<string, readonly string[]>>,
  ) => Promise<string[][]>;
}

/** The classifier's cells: the most likely label, then each class's probability. */
function classifierScorer(session: OnnxSession, labels: readonly string[], width: number): Scorer {
  return {
    header: scoreHeader(labels),
    async score(buffer, rowCount, texts) {
      const probabilities = await runProbabilities(
        session,
        buffer,
        rowCount,
        width,
        labels.length,
        texts,
      );
      return Array.from({ length: rowCount }, (_, row) => {
        const scores = Array.from(
          probabilities.subarray(row * labels.length, (row + 1) * labels.length),
        );
        let best = 0;
        scores.forEach((score, c) => {
          if (score > scores[best]) best = c;
        });
        return [labels[best], ...scores.map((score) => score.toFixed(6))];
      });
    },
  };
}

/** The regressor's cell: the prediction, as results.json writes it. */
function regressorScorer(session: OnnxSession, width: number): Scorer {
  return {
    header: ["prediction"],
    async score(buffer, rowCount, texts) {
      const predictions = await runPredictions(session, buffer, rowCount, width, texts);
      return Array.from(predictions, (value) => [String(shortestFloat32(value))]);
    },
  };
}

/**
 * Scores `csvPath` with the tabular-classifier or tabular-regressor bundle
 * at `bundlePath`, writing the result through `sinks.write`. Throws
 * `bad_request` when the bundle is neither, the CSV is malformed, or a
 * feature column the model needs is absent from the header.
 */
export async function scoreCsv(
  bundlePath: string,
  csvPath: string,
  sinks: ScoringSinks,
): Promise<ScoringSummary> {
  const bundle = await loadBundle(bundlePath);
  const modelYaml = join(bundle.dir, "model.yaml");
  const id = bundle.spec.module?.id;
  if (
    bundle.spec.module === null || (id !== TABULAR_CLASSIFIER_ID && id !== TABULAR_REGRESSOR_ID)
  ) {
    throw badRequest(
      `${bundle.dir}: --predict scores tabular-classifier and tabular-regressor bundles; this ` +
        `one's module is '${id ?? "none"}'`,
    );
  }
  const moduleConfig = bundle.spec.module.config;
  const classifier = id === TABULAR_CLASSIFIER_ID
    ? parseTabularClassifierConfig(moduleConfig, modelYaml)
    : undefined;
  const config = classifier ?? parseTabularRegressorConfig(moduleConfig, modelYaml);
  const session = await OnnxSession.open(join(bundle.dir, config.artifact));
  try {
    const scorer = classifier
      ? classifierScorer(session, classifier.labels, config.width)
      : regressorScorer(session, config.width);
    return await scoreStream(csvPath, config.pipeline, config.width, scorer, sinks);
  } finally {
    await session.close();
  }
}

async function scoreStream(
  csvPath: string,
  pipeline: FeaturePipeline,
  width: number,
  scorer: Scorer,
  sinks: ScoringSinks,
): Promise<ScoringSummary> {
  try {
    await Deno.stat(csvPath);
  } catch (error) {
    throw badRequest(`${csvPath}: cannot read the CSV: ${(error as Error).message}`);
  }
  const parser = createReadStream(csvPath).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  let header: string[] | null = null;
  let columnIndex: Map<string, number> = new Map();
  let batch: { fields: string[]; line: number }[] = [];
  const buffer = new Float32Array(SCORING_BATCH_ROWS * width);
  let rows = 0;
  let failedRows = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const valid: number[] = [];
    const errors = new Map<number, string>();
    const texts = emptyTextValues(pipeline);
    batch.forEach((record, index) => {
      try {
        const raw = rawRow(pipeline, columnIndex, record.fields);
        encodeRowInto(pipeline, raw, buffer, valid.length * width, `line ${record.line}`, texts);
        valid.push(index);
      } catch (error) {
        errors.set(index, (error as Error).message);
      }
    });
    const cells = valid.length === 0
      ? []
      : await scorer.score(buffer, valid.length, textFeeds(pipeline, texts));
    const scored = new Map(valid.map((index, row) => [index, row]));
    let text = "";
    batch.forEach((record, index) => {
      const row = scored.get(index);
      let extra: string[];
      if (row === undefined) {
        failedRows++;
        sinks.onRowError?.(record.line, errors.get(index) ?? "not scored");
        extra = new Array(scorer.header.length).fill("");
      } else {
        extra = cells[row];
      }
      text += [...record.fields, ...extra].map(csvField).join(",") + "\n";
    });
    batch = [];
    await sinks.write(text);
  };

  try {
    for await (
      const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>
    ) {
      if (header === null) {
        header = entry.record;
        columnIndex = new Map(header.map((name, index) => [name, index]));
        const absent = pipeline.columns.filter((column) =>
          !columnIndex.has(column.name) && !(column.kind === "numeric" && column.impute !== null)
        ).map((column) => column.name);
        if (absent.length > 0) {
          throw badRequest(
            `${csvPath}: line 1: the model needs column${absent.length > 1 ? "s" : ""} ` +
              `${absent.map((name) => `'${name}'`).join(", ")}, not in the header`,
          );
        }
        await sinks.write([...header, ...scorer.header].map(csvField).join(",") + "\n");
        continue;
      }
      rows++;
      batch.push({ fields: entry.record, line: entry.info.lines });
      if (batch.length === SCORING_BATCH_ROWS) await flush();
    }
    await flush();
  } catch (error) {
    parser.destroy();
    if (error instanceof Error && "code" in error && String(error.code).startsWith("CSV_")) {
      const line = (error as { lines?: number }).lines;
      throw badRequest(`${csvPath}:${line ? ` line ${line}:` : ""} invalid CSV: ${error.message}`);
    }
    throw error;
  }
  if (header === null) throw badRequest(`${csvPath}: the file is empty; expected a header row`);
  if (rows === 0 && failedRows === 0) return { rows, failedRows };
  if (failedRows > rows) throw internalError("scoring counted more failures than rows");
  return { rows, failedRows };
}

/** The raw JSON-like row the pipeline reads, from CSV text fields. */
function rawRow(
  pipeline: FeaturePipeline,
  columnIndex: ReadonlyMap<string, number>,
  fields: readonly string[],
): RawRow {
  const raw: Record<string, unknown> = {};
  for (const column of pipeline.columns) {
    const index = columnIndex.get(column.name);
    const text = index === undefined ? undefined : fields[index];
    if (text === undefined) continue;
    if (column.kind === "numeric") {
      raw[column.name] = text === "" ? null : isNumberText(text) ? Number(text) : text;
    } else {
      raw[column.name] = column.kind === "categorical" && text === "" ? null : text;
    }
  }
  return raw;
}
