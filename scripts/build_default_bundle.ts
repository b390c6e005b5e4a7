/**
 * Builds the embedded default model, `asset_bundle/0.1.0/` ("Iris
 * Classifier"), by training `data/iris.csv` with logistic regression
 * (`linear`, pinned rather than `auto`'s choice) and a fixed seed. Training is
 * deterministic, so running this again rewrites byte-identical files; the
 * test `tests/default_bundle_test.ts` checks that. Run it with
 * `deno task train:default`.
 *
 * @module
 */
import { embeddedBundleRoot, projectPath } from "../runtime/base/assets.ts";
import { trainToBundle } from "../runtime/train/train.ts";
import type { TrainOptions } from "../runtime/train/train_types.ts";

/** Version folder of the embedded default model. */
export const DEFAULT_MODEL_VERSION = "0.1.0";

/**
 * The training options of the default model, writing into `outDir`
 * (the embedded bundle root when absent).
 */
export function defaultModelOptions(outDir: string = embeddedBundleRoot()): TrainOptions {
  return {
    csvPath: projectPath("data", "iris.csv"),
    outDir,
    name: "Iris Classifier",
    bundleVersion: DEFAULT_MODEL_VERSION,
    seed: 42,
    // Pinned: the embedded model (and the golden wire bytes) is logistic regression.
    model: "linear",
    force: true,
  };
}

if (import.meta.main) {
  const report = await trainToBundle({
    ...defaultModelOptions(),
    progress: (line) => console.log(line),
  });
  if (report.task !== "classification") throw new Error("iris.csv must train a classifier");
  console.log(
    `holdout accuracy ${report.metrics.accuracy.toFixed(4)}, macro F1 ` +
      `${report.metrics.macroF1.toFixed(4)}; trained in ${report.timings.fitMs.toFixed(1)} ms ` +
      `(whole run ${report.timings.totalMs.toFixed(1)} ms)`,
  );
}
