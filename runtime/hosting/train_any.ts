/**
 * One entry point for every trainable model: `auto` (the default),
 * `linear` (alias `logreg`), `mlp` and `trees` go to the tabular trainer ({@link trainToBundle}), which trains a
 * classifier or a regressor as the task says; any other `model` names a
 * lifecycle module from the registry, which is trained on the CSV's rows
 * (or on training records, inline or from `.csv`/`.json`/`.jsonl` files),
 * saved, and written as a bundle atomically. The CLI and the training
 * worker both call {@link trainAnyModel}.
 *
 * @module
 */
import { basename, extname, join, relative } from "node:path";
import { badRequest } from "../base/errors.ts";
import { findModule, knownModuleIds } from "./module_registry.ts";
import type { TrainingData } from "../modules/module_api.ts";
import { parseCsvText, readCsvRecords } from "../train/csv_records.ts";
import { readRecords, type RecordSource, recordTable } from "../train/record_files.ts";
import type { ClassificationMetrics } from "../train/metrics.ts";
import type { RegressionMetrics } from "../train/regression_metrics.ts";
import { trainToBundle } from "../train/train.ts";
import {
  AUTO_MODEL,
  DEFAULT_BUNDLE_VERSION,
  MODEL_ALIASES,
  MODEL_KINDS,
  modelChoiceOf,
  type ModelKind,
  type ModelName,
  type TrainOptions,
} from "../train/train_types.ts";
import { type BundleFiles, checkBundleTarget, writeBundle } from "../train/write_bundle.ts";

/** What any training run reports. */
export interface AnyTrainResult {
  /** The bundle version folder written. */
  readonly bundleDir: string;
  /** Its version. */
  readonly version: string;
  /** The tabular family trained (`--model auto`'s choice), absent for a module. */
  readonly model?: ModelKind;
  /** Holdout metrics of a classifier, when the model measures them. */
  readonly metrics?: ClassificationMetrics;
  /** Holdout metrics of a regressor. */
  readonly regressionMetrics?: RegressionMetrics;
}

/**
 * Options of {@link trainAnyModel}: the trainer's, with `model` any trainable
 * id; `records` (instead of the CSV, which `csvPath` then only names) and
 * more string parameters for a lifecycle module's `train`.
 */
export type AnyTrainOptions = Omit<TrainOptions, "model"> & {
  readonly model?: string;
  readonly records?: RecordSource;
  readonly moduleParams?: Readonly<Record<string, string>>;
  /**
   * Where a lifecycle module's scratch folders go (made when missing; each
   * removed when done); absent: the system's temp folder. A server's jobs
   * use their staging folder, which the serving sandbox lets them write.
   */
  readonly scratchDir?: string;
};

/** True when `model` is empty, a tabular family (or alias), or a module that can train. */
export function isTrainableModel(model: string | undefined): boolean {
  if (model === undefined || modelChoiceOf(model) !== undefined) return true;
  return findModule(model)?.train !== undefined;
}

/** Trains whatever `options.model` names and writes its bundle. */
export async function trainAnyModel(options: AnyTrainOptions): Promise<AnyTrainResult> {
  const model = options.model;
  const table = options.records ? recordTable(await readRecords(options.records)) : undefined;
  if (table && (model === undefined || modelChoiceOf(model) !== undefined)) {
    return await trainAnyModel({ ...options, records: undefined, csvText: table.csvText });
  }
  if (model === undefined || modelChoiceOf(model) !== undefined) {
    const report = await trainToBundle({ ...options, model: model as ModelName | undefined });
    return {
      bundleDir: report.paths.bundleDir,
      version: report.version,
      model: report.model,
      ...(report.task === "classification"
        ? { metrics: report.metrics }
        : { regressionMetrics: report.metrics }),
    };
  }
  const module = findModule(model);
  if (module?.train === undefined) {
    const trainable = knownModuleIds().filter((id) => findModule(id)?.train !== undefined);
    throw badRequest(
      `model '${model}' is not one of ${
        [AUTO_MODEL, ...MODEL_KINDS, ...Object.keys(MODEL_ALIASES), ...trainable].join(", ")
      } (auto, linear, mlp, trees, or a module that can train; logreg is linear)`,
    );
  }
  const version = options.bundleVersion ?? DEFAULT_BUNDLE_VERSION;
  const name = options.name ?? basename(options.csvPath, extname(options.csvPath));
  await checkBundleTarget(options.outDir, version, options.force ?? false);
  const data: TrainingData = table
    ? { source: options.csvPath, ...table }
    : await csvTrainingData(options.csvPath, options.csvText);
  const rows = data.rows;
  const params: Record<string, string> = { ...options.moduleParams, name, version };
  if (options.label) params.label = options.label;
  if (options.seed !== undefined) params.seed = String(options.seed);
  options.progress?.(`training module ${model} on ${rows.length} rows of ${options.csvPath}`);
  const scratchDir = options.scratchDir;
  if (scratchDir !== undefined) await Deno.mkdir(scratchDir, { recursive: true });
  const trained = await module.train(
    scratchDir === undefined ? data : { ...data, scratchDir },
    params,
  );
  const scratch = await Deno.makeTempDir({ dir: scratchDir, prefix: ".module_save_" });
  try {
    await trained.save(scratch, { name, version });
    const files = new Map<string, Uint8Array>();
    await collect(scratch, scratch, files);
    const bundleDir = await writeBundle(
      options.outDir,
      version,
      files as BundleFiles,
      options.force ?? false,
    );
    options.progress?.(`wrote ${bundleDir}`);
    return { bundleDir, version };
  } finally {
    await trained.close?.();
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}

/** The CSV (its text, or the file `csvPath`) as a module's training data. */
async function csvTrainingData(csvPath: string, csvText?: string): Promise<TrainingData> {
  const records = csvText === undefined
    ? await readCsvRecords(csvPath)
    : parseCsvText(csvPath, csvText);
  if (records.length < 2) throw badRequest(`${csvPath}: expected a header and data rows`);
  const columns = records[0].fields;
  const rows = records.slice(1).map((record) => {
    if (record.fields.length !== columns.length) {
      throw badRequest(
        `${csvPath}: line ${record.line}: expected ${columns.length} fields, got ` +
          `${record.fields.length}`,
      );
    }
    return Object.fromEntries(columns.map((column, index) => [column, record.fields[index]]));
  });
  return { source: csvPath, columns, rows, csvText: csvText ?? await Deno.readTextFile(csvPath) };
}

async function collect(root: string, dir: string, files: Map<string, Uint8Array>): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await collect(root, path, files);
    else files.set(relative(root, path).split("\\").join("/"), await Deno.readFile(path));
  }
}
