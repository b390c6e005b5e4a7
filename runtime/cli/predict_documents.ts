/**
 * `--predict` for a model whose input is one JSON document per item (a
 * lifecycle module's `input.json`, or model code reading one JSON file):
 * each CSV row becomes that document — the header's names as keys, number
 * text as numbers, an empty cell as null, other text as strings — and is
 * answered by the model in batches; the CSV is written back with a `result`
 * column (the compact JSON of the answer's `data.result`, or of the whole
 * output document) and an `error` column. Streamed, so the file may be
 * larger than memory.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { badRequest } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import type { ModelSpec } from "../bundle/types.ts";
import { modelHostFactory } from "../hosting/model_host_factory.ts";
import { isNumberText } from "../train/column_kinds.ts";
import { csvField, type ScoringSinks, type ScoringSummary } from "../train/offline_scoring.ts";

/** Rows handed to the model at once (its host splits them by `maxBatchSize`). */
const ROWS_PER_CALL = 64;

/**
 * The one JSON input file of `spec`, or null when the model does not take
 * one JSON document per item (then `--predict` cannot feed it CSV rows).
 */
export function jsonDocumentInput(spec: ModelSpec): string | null {
  if (spec.inputs.size !== 1) return null;
  const [[name, input]] = [...spec.inputs];
  const json = name.endsWith(".json") ||
    input.acceptedMediaTypes.some((type) => /^application\/(.+\+)?json$/.test(type));
  return json ? name : null;
}

/** Why `spec` cannot be scored by `--predict`, for the error message. */
export function notScorable(spec: ModelSpec): string {
  const inputs = [...spec.inputs].map(([name, input]) =>
    `${name} (${input.acceptedMediaTypes.join(", ") || "no media type"})`
  );
  return `--predict scores tabular-classifier bundles and models whose one input file is a ` +
    `JSON document (e.g. input.json); this model takes ${inputs.join(", ") || "no input file"}`;
}

/** A CSV cell as a JSON value. */
function cellValue(text: string): unknown {
  if (text === "") return null;
  return isNumberText(text) ? Number(text) : text;
}

/** What an output file says: `data.result` of the contract's JSON, else the JSON, else the text. */
function resultText(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return "";
  const text = new TextDecoder().decode(bytes);
  try {
    const document = JSON.parse(text);
    const result = document?.data !== undefined ? document.data.result : document;
    return JSON.stringify(result);
  } catch {
    return text;
  }
}

/**
 * Scores `csvPath` with the bundle at `bundlePath` (whose one input is a
 * JSON document, see {@link jsonDocumentInput}), through `sinks`.
 */
export async function scoreDocuments(
  bundlePath: string,
  csvPath: string,
  sinks: ScoringSinks,
  log: Logger,
): Promise<ScoringSummary> {
  const host = await modelHostFactory({ log, batching: { enabled: false } }).fromBundleFolder(
    bundlePath,
  );
  const spec = host.bundle.spec;
  const input = jsonDocumentInput(spec);
  if (input === null) throw badRequest(notScorable(spec));
  const output = [...spec.outputs.keys()][0];
  try {
    await Deno.stat(csvPath);
  } catch (error) {
    throw badRequest(`${csvPath}: cannot read the CSV: ${(error as Error).message}`);
  }
  const outcome = await host.initialize();
  if (!outcome.ok) throw outcome.error;
  const parser = createReadStream(csvPath).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  const encoder = new TextEncoder();
  let header: string[] | null = null;
  let batch: { fields: string[]; line: number }[] = [];
  let rows = 0;
  let failedRows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch.map((record) => {
      const document = Object.fromEntries(
        header!.map((name, index) => [name, cellValue(record.fields[index] ?? "")]),
      );
      return new Map([[input, encoder.encode(JSON.stringify(document))]]);
    });
    const results = await host.run(items, { detectDrift: false, explain: false });
    let text = "";
    results.forEach((result, index) => {
      const record = batch[index];
      let extra: string[];
      if (result instanceof Error) {
        failedRows++;
        sinks.onRowError?.(record.line, result.message);
        extra = ["", result.message];
      } else {
        extra = [resultText(output === undefined ? undefined : result.get(output)), ""];
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
        await sinks.write([...header, "result", "error"].map(csvField).join(",") + "\n");
        continue;
      }
      rows++;
      batch.push({ fields: entry.record, line: entry.info.lines });
      if (batch.length === ROWS_PER_CALL) await flush();
    }
    await flush();
  } catch (error) {
    parser.destroy();
    if (error instanceof Error && "code" in error && String(error.code).startsWith("CSV_")) {
      throw badRequest(`${csvPath}: invalid CSV: ${error.message}`);
    }
    throw error;
  } finally {
    await host.close();
  }
  if (header === null) throw badRequest(`${csvPath}: the file is empty; expected a header row`);
  return { rows, failedRows };
}
