/**
 * `--predict DATA.csv --bundle DIR [--out FILE]`: score a CSV offline,
 * streaming, to stdout or a file — with a trained tabular-classifier or
 * tabular-regressor bundle
 * (train/offline_scoring.ts), or with a model that takes one JSON document
 * per item, each row one document (predict_documents.ts: lifecycle modules,
 * model code); any other model is a clear error.
 *
 * @module
 */
import { asRuntimeError, badRequest } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import type { PredictOptions } from "./flags/predict_flags.ts";

/** Scores the CSV; returns the exit code (1 when any row could not be scored). */
export async function predictCommand(options: PredictOptions, log: Logger): Promise<number> {
  let file: Deno.FsFile | null = null;
  try {
    if (!options.predictCsv) throw badRequest("--predict needs a CSV file");
    if (!options.bundle) throw badRequest("--predict needs --bundle DIR, the trained bundle");
    const { loadBundle } = await import("../bundle/load.ts");
    const { TABULAR_CLASSIFIER_ID, TABULAR_REGRESSOR_ID } = await import(
      "../modules/tabular_config.ts"
    );
    const moduleId = (await loadBundle(options.bundle)).spec.module?.id;
    const tabular = moduleId === TABULAR_CLASSIFIER_ID || moduleId === TABULAR_REGRESSOR_ID;
    const { scoreCsv } = await import("../train/offline_scoring.ts");
    const { scoreDocuments } = await import("./predict_documents.ts");
    const encoder = new TextEncoder();
    let writer: WritableStreamDefaultWriter<Uint8Array>;
    if (options.out) {
      file = await Deno.open(options.out, { write: true, create: true, truncate: true });
      writer = file.writable.getWriter();
    } else {
      writer = Deno.stdout.writable.getWriter();
    }
    const sinks = {
      write: (text: string) => writer.write(encoder.encode(text)),
      onRowError: (line: number, reason: string) => log.warn(`row not scored: ${reason}`, { line }),
    };
    const summary = tabular
      ? await scoreCsv(options.bundle, options.predictCsv, sinks)
      : await scoreDocuments(options.bundle, options.predictCsv, sinks, log);
    if (file) await writer.close();
    else writer.releaseLock();
    file = null;
    log.info("scored", { rows: summary.rows, failed: summary.failedRows });
    return summary.failedRows > 0 ? 1 : 0;
  } catch (error) {
    try {
      file?.close();
    } catch { /* already closed */ }
    log.error(`scoring failed: ${asRuntimeError(error).message}`);
    return 1;
  }
}
