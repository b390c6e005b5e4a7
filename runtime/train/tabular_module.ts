/**
 * The built-in tabular classifier seen through the module lifecycle:
 * `train(data, params)` runs the trainer as a classification (parameters
 * `model` — `auto`, the trainer's choice, when absent — `label`, `seed`;
 * regressors come from the trainer itself, module
 * `tabular-regressor`), `save(dir)` writes the complete bundle it produced, `load(dir)`
 * opens a saved bundle, and `run(row)` answers the ranked class predictions
 * of one raw row (`{"column": value, ...}` or an array in column order).
 * Serving uses the faster {@link TabularClassifier} wrapper directly; this
 * facade is for code that drives modules through their lifecycle. Its
 * Caikit face (library `model_runtime`, task `TabularClassificationTask`)
 * takes the feature columns by name (a `dict` of numbers and texts) and
 * answers Caikit's `ClassificationResults`; it trains on records keyed by
 * column name.
 *
 * @module
 */
import { join } from "node:path";
import { badRequest, internalError } from "../base/errors.ts";
import { loadBundle } from "../bundle/load.ts";
import type { ClassPrediction } from "../modules/class_predictions.ts";
import type { RuntimeModule, TrainedModel } from "../modules/module_api.ts";
import type { CaikitDataObject, CaikitFace } from "../model/caikit_face.ts";
import { TabularClassifier } from "../modules/tabular_classifier.ts";
import { TABULAR_CLASSIFIER_ID } from "../modules/tabular_config.ts";
import type { ModelName } from "./train_types.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const RUN_OPTIONS = { detectDrift: false, explain: false };

/** Opens the bundle folder `dir` as a trained model; `owned` is removed on close. */
async function openBundle(
  dir: string,
  owned?: string,
): Promise<TrainedModel<unknown, ClassPrediction[]>> {
  const bundle = await loadBundle(dir);
  const classifier = new TabularClassifier();
  await classifier.initialize({ bundle });
  return {
    async run(input) {
      const output = await classifier.handleInput(
        new Map([["input.json", encoder.encode(JSON.stringify(input))]]),
        RUN_OPTIONS,
      );
      const document = JSON.parse(decoder.decode(output.get("results.json")));
      return document.data.result.classPredictions as ClassPrediction[];
    },
    async save(target, about) {
      if (about.version !== bundle.spec.version || about.name !== bundle.spec.name) {
        throw badRequest(
          `this tabular model was trained as '${bundle.spec.name}' ${bundle.spec.version}; ` +
            `save it under that name and version`,
        );
      }
      await copyTree(bundle.dir, target);
    },
    async close() {
      await classifier.close();
      if (owned) await Deno.remove(owned, { recursive: true }).catch(() => {});
    },
  };
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyTree(join(from, entry.name), join(to, entry.name));
    else await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/** Caikit's `ClassificationResult` (caikit.interfaces.nlp): one class and its score. */
const CLASSIFICATION_RESULT: CaikitDataObject = {
  kind: "object",
  package: "caikit_data_model.nlp",
  name: "ClassificationResult",
  fields: [{ name: "label", type: "str" }, { name: "score", type: "float" }],
};

/** Caikit's `ClassificationResults`: every class, most likely first. */
const CLASSIFICATION_RESULTS: CaikitDataObject = {
  kind: "object",
  package: "caikit_data_model.nlp",
  name: "ClassificationResults",
  fields: [{ name: "results", type: { list: CLASSIFICATION_RESULT } }],
};

/** The class predictions of a served tabular model's result, as Caikit results. */
function classificationResults(result: unknown): unknown {
  const ranked = Array.isArray(result)
    ? result
    : (result as { classPredictions?: unknown } | null)?.classPredictions;
  if (!Array.isArray(ranked)) throw internalError("the tabular model answered no classPredictions");
  return {
    results: (ranked as ClassPrediction[]).map((entry) => ({
      label: entry.class,
      score: entry.score,
    })),
  };
}

/** The tabular classifier's Caikit face (library `model_runtime`). */
export const TABULAR_CAIKIT_FACE: CaikitFace = {
  library: "model_runtime",
  module: {
    id: "72ccaf99-bade-4ff2-ab55-e7377175d042",
    name: "TabularClassifier",
    version: "0.2.0",
  },
  task: {
    name: "TabularClassificationTask",
    parameters: [{ name: "features", type: "dict" }],
    output: CLASSIFICATION_RESULTS,
  },
  training: {
    parameters: [
      { name: "training_data", type: { stream: "dict" } },
      { name: "label_column", type: "str", optional: true },
      { name: "model_family", type: "str", optional: true },
      { name: "seed", type: "int", optional: true },
    ],
    toParams: (parameters) => {
      const params: Record<string, string> = {};
      if (typeof parameters.label_column === "string") params.label = parameters.label_column;
      if (typeof parameters.model_family === "string") params.model = parameters.model_family;
      if (typeof parameters.seed === "number") params.seed = String(parameters.seed);
      return params;
    },
  },
  toInput: (parameters) => parameters.features ?? {},
  toOutput: classificationResults,
};

/** The tabular classifier module. */
export const TABULAR_MODULE: RuntimeModule<unknown, ClassPrediction[]> = {
  info: {
    id: TABULAR_CLASSIFIER_ID,
    name: "Tabular Classifier",
    version: "0.2.0",
    task: "classification",
  },
  parseInput(document) {
    if (document === null || typeof document !== "object") {
      throw badRequest("input.json: expected a JSON object keyed by column name, or an array");
    }
    return document;
  },
  async train(data, params) {
    const { trainToBundle } = await import("./train.ts");
    const scratch = await Deno.makeTempDir({ dir: data.scratchDir, prefix: ".tabular_module_" });
    try {
      const report = await trainToBundle({
        csvPath: data.source,
        csvText: data.csvText,
        outDir: scratch,
        name: params.name,
        bundleVersion: params.version,
        label: params.label || undefined,
        model: (params.model || undefined) as ModelName | undefined,
        task: "classification",
        seed: params.seed ? Number(params.seed) : undefined,
      });
      return await openBundle(report.paths.bundleDir, scratch);
    } catch (error) {
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
      if (error instanceof Error) throw error;
      throw internalError(String(error));
    }
  },
  load(dir) {
    return openBundle(dir);
  },
  caikit: TABULAR_CAIKIT_FACE,
};
