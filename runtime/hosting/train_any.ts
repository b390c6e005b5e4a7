/**
 * One entry point for every trainable model: `logreg`, `mlp` and `trees` go to the
 * tabular trainer ({@link trainToBundle}); any other `model` names a
 * lifecycle module from the registry, which is trained on the CSV's rows,
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
import type { ClassificationMetrics } from "../train/metrics.ts";
import { trainToBundle } from "../train/train.ts";
import {
  DEFAULT_BUNDLE_VERSION,
  MODEL_KINDS,
  type ModelKind,
  type TrainOptions,
} from "../train/train_types.ts";
import { type BundleFiles, checkBundleTarget, writeBundle } from "../train/write_bundle.ts";

/** What any training run reports. */
export interface AnyTrainResult {
  /** The bundle version folder written. */
  readonly bundleDir: string;
  /** Its version. */
  readonly version: string;
  /** Holdout metrics, when the model measures them. */
  readonly metrics?: ClassificationMetrics;
}

/** Options of {@link trainAnyModel}: the trainer's, with `model` any trainable id. */
export type AnyTrainOptions = Omit<TrainOptions, "model"> & { readonly model?: string };

/** True when `model` is empty, a tabular family, or a module that can train. */
export function isTrainableModel(model: string | undefined): boolean {
  if (model === undefined || MODEL_KINDS.includes(model as ModelKind)) return true;
  return findModule(model)?.train !== undefined;
}

/** Trains whatever `options.model` names and writes its bundle. */
export async function trainAnyModel(options: AnyTrainOptions): Promise<AnyTrainResult> {
  const model = options.model;
  if (model === undefined || MODEL_KINDS.includes(model as ModelKind)) {
    const report = await trainToBundle({ ...options, model: model as ModelKind | undefined });
    return { bundleDir: report.paths.bundleDir, version: report.version, metrics: report.metrics };
  }
  const module = findModule(model);
  if (module?.train === undefined) {
    const trainable = knownModuleIds().filter((id) => findModule(id)?.train !== undefined);
    throw badRequest(
      `model '${model}' is not one of ${[...MODEL_KINDS, ...trainable].join(", ")} ` +
        `(logreg, mlp, trees, or a module that can train)`,
    );
  }
  const version = options.bundleVersion ?? DEFAULT_BUNDLE_VERSION;
  const name = options.name ?? basename(options.csvPath, extname(options.csvPath));
  await checkBundleTarget(options.outDir, version, options.force ?? false);
  const records = options.csvText === undefined
    ? await readCsvRecords(options.csvPath)
    : parseCsvText(options.csvPath, options.csvText);
  if (records.length < 2) throw badRequest(`${options.csvPath}: expected a header and data rows`);
  const columns = records[0].fields;
  const rows = records.slice(1).map((record) => {
    if (record.fields.length !== columns.length) {
      throw badRequest(
        `${options.csvPath}: line ${record.line}: expected ${columns.length} fields, got ` +
          `${record.fields.length}`,
      );
    }
    return Object.fromEntries(columns.map((column, index) => [column, record.fields[index]]));
  });
  const data: TrainingData = {
    source: options.csvPath,
    columns,
    rows,
    csvText: options.csvText ?? await Deno.readTextFile(options.csvPath),
  };
  const params: Record<string, string> = { name, version };
  if (options.label) params.label = options.label;
  if (options.seed !== undefined) params.seed = String(options.seed);
  options.progress?.(`training module ${model} on ${rows.length} rows of ${options.csvPath}`);
  const trained = await module.train(data, params);
  const scratch = await Deno.makeTempDir({ prefix: "module_save_" });
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

async function collect(root: string, dir: string, files: Map<string, Uint8Array>): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await collect(root, path, files);
    else files.set(relative(root, path).split("\\").join("/"), await Deno.readFile(path));
  }
}
