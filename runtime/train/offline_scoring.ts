/**
 * Offline scoring: reads a CSV as a stream (csv-parse), encodes each batch
 * of rows with the bundle's feature pipeline, runs one onnxruntime call per
 * batch, and writes every row back with the predicted label and one score
 * column per class appended. Memory stays bounded by the batch size, so the
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
import { parseTabularClassifierConfig, TABULAR_CLASSIFIER_ID } from "../modules/tabular_config.ts";
import { encodeRowInto, type FeaturePipeline, type RawRow } from "../modules/tabular_pipeline.ts";
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

/**
 * Scores `csvPath` with the tabular-classifier bundle at `bundlePath`,
 * writing the result through `sinks.write`. Throws `bad_request` when the
 * bundle is not a tabular classifier, the CSV is malformed, or a feature
 * column the model needs is absent from the header.
 */
export async function scoreCsv(
  bundlePath: string,
  csvPath: string,
  sinks: ScoringSinks,
): Promise<ScoringSummary> {
  const bundle = await loadBundle(bundlePath);
  const modelYaml = join(bundle.dir, "model.yaml");
  if (bundle.spec.module?.id !== TABULAR_CLASSIFIER_ID) {
    throw badRequest(
      `${bundle.dir}: --predict scores tabular-classifier bundles; this one's module is ` +
        `'${bundle.spec.module?.id ?? "none"}'`,
    );
  }
  const config = parseTabularClassifierConfig(bundle.spec.module.config, modelYaml);
  const session = await OnnxSession.open(join(bundle.dir, config.artifact));
  try {
    return await scoreStream(csvPath, config.pipeline, config.labels, config.width, session, sinks);
  } finally {
    await session.close();
  }
}

async function scoreStream(
  csvPath: string,
  pipeline: FeaturePipeline,
  labels: readonly string[],
  width: number,
  session: OnnxSession,
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
    batch.forEach((record, index) => {
      try {
        const raw = rawRow(pipeline, columnIndex, record.fields);
        encodeRowInto(pipeline, raw, buffer, valid.length * width, `line ${record.line}`);
        valid.push(index);
      } catch (error) {
        errors.set(index, (error as Error).message);
      }
    });
    const probabilities = valid.length === 0
      ? new Float32Array(0)
      : await runProbabilities(session, buffer, valid.length, width, labels.length);
    const scored = new Map(valid.map((index, row) => [index, row]));
    let text = "";
    batch.forEach((record, index) => {
      const row = scored.get(index);
      let extra: string[];
      if (row === undefined) {
        failedRows++;
        sinks.onRowError?.(record.line, errors.get(index) ?? "not scored");
        extra = new Array(labels.length + 1).fill("");
      } else {
        const scores = Array.from(
          probabilities.subarray(row * labels.length, (row + 1) * labels.length),
        );
        let best = 0;
        scores.forEach((score, c) => {
          if (score > scores[best]) best = c;
        });
        extra = [labels[best], ...scores.map((score) => score.toFixed(6))];
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
        await sinks.write([...header, ...scoreHeader(labels)].map(csvField).join(",") + "\n");
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
