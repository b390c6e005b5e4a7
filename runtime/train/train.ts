/**
 * Training entry point: CSV in, complete asset bundle out. Reads and
 * validates the CSV, encodes its columns (numeric, one-hot, free text as tf-idf,
 * mean imputation), decides the task from the label column (or the `task`
 * option) and logs the rule; a regression continues in train_regressor.ts.
 * A classification splits off a stratified holdout, fits multinomial
 * logistic regression (`linear`), a small MLP or gradient-boosted trees,
 * exports it to ONNX, checks the export
 * in onnxruntime against the trainer's own forward pass, and writes
 * model.onnx, model.yaml, docker_metadata.yaml, test cases and the training
 * report to `<outDir>/<version>/` atomically. Any failure leaves nothing
 * behind.
 *
 * @module
 */
import { basename, extname, join } from "node:path";
import { badRequest } from "../base/errors.ts";
import { OnnxSession } from "../backends/onnx/session.ts";
import { classPredictionsOutput, rankClassPredictions } from "../modules/class_predictions.ts";
import { runProbabilities } from "../modules/probability_model.ts";
import { isPlainNumeric } from "../modules/tabular_pipeline.ts";
import { fitModel } from "./fit_model.ts";
import { REPORT_MD, REPORT_SVG, reportMarkdown, reportSvg } from "./training_report.ts";
import { stratifiedHoldoutSplit } from "./holdout_split.ts";
import { argmaxAt, classificationMetrics } from "./metrics.ts";
import {
  type BundleFacts,
  dockerMetadataDocument,
  INPUT_FILE,
  MODEL_FILE,
  modelYamlDocument,
  OUTPUT_FILE,
  toYaml,
} from "./model_yaml_document.ts";
import { encodeOnnxModel } from "../backends/onnx/model_writer.ts";
import type { SoftmaxHyperParameters } from "./softmax_regression.ts";
import { chooseTestCaseRows } from "./test_case_rows.ts";
import { imputeMissing, rawRowOf, readTrainingTable } from "./training_table.ts";
import { fitTextColumns, graphInputs, tableTextFront } from "./text_columns.ts";
import { withTextFront } from "./text_front_onnx.ts";
import { TASKS } from "./label_column.ts";
import { trainRegressor } from "./train_regressor.ts";
import { autoPlan, finalFitSteps, selectClassifier } from "./model_selection.ts";
import {
  AUTO_MODEL,
  DEFAULT_BUNDLE_VERSION,
  DEFAULT_SEED,
  HOLDOUT_FRACTION,
  MODEL_KINDS,
  modelChoiceOf,
  type ModelKind,
  type TrainOptions,
  type TrainReport,
} from "./train_types.ts";
import { verifyExport } from "./verify_export.ts";
import { type BundleFiles, checkBundleTarget, writeTrainedBundle } from "./write_bundle.ts";

/** Fit settings used for every model (scikit-learn's defaults, tighter tolerance). */
export const HYPER_PARAMETERS: SoftmaxHyperParameters = {
  inverseRegularization: 1,
  gradientTolerance: 1e-8,
  maxIterations: 1000,
};

/** Each family's name at the start of the report. */
const FAMILY_NAMES: Readonly<Record<ModelKind, string>> = {
  linear: "Logistic regression",
  mlp: "MLP",
  trees: "Gradient-boosted trees",
};

const encoder = new TextEncoder();
const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * Trains a classifier or a regressor from `options.csvPath` and writes its bundle to
 * `<options.outDir>/<version>/`. Throws a `bad_request` RuntimeError for
 * bad options or data (nothing is written), and an `internal` one when the
 * ONNX export does not reproduce the trainer's probabilities.
 *
 * @example
 * ```ts ignore
 * import { trainToBundle } from "./train.ts";
 * const report = await trainToBundle({ csvPath: "data/iris.csv", outDir: "/tmp/bundles" });
 * console.log(report.task, report.metrics, report.paths.bundleDir);
 * ```
 */
export async function trainToBundle(options: TrainOptions): Promise<TrainReport> {
  const started = performance.now();
  const say = options.progress ?? (() => {});
  const version = checkVersion(options.bundleVersion ?? DEFAULT_BUNDLE_VERSION);
  const seed = checkSeed(options.seed ?? DEFAULT_SEED);
  const name = checkName(options.name ?? basename(options.csvPath, extname(options.csvPath)));
  const force = options.force ?? false;
  const choice = modelChoiceOf(options.model ?? AUTO_MODEL);
  if (choice === undefined) {
    throw badRequest(
      `model '${options.model}' is not one of ${AUTO_MODEL}, ${MODEL_KINDS.join(", ")} ` +
        `(logreg is linear)`,
    );
  }
  if (options.task !== undefined && !TASKS.includes(options.task)) {
    throw badRequest(`task '${options.task}' is not one of ${TASKS.join(", ")}`);
  }
  await checkBundleTarget(options.outDir, version, force);

  const rawTable = await readTrainingTable(
    { path: options.csvPath, text: options.csvText },
    { label: options.label, task: options.task },
    options.onRead,
  );
  say(
    `read ${rawTable.rowCount} rows from ${options.csvPath}: ${rawTable.featureNames.length} ` +
      `features, label '${rawTable.labelName}' ` +
      (rawTable.task === "regression"
        ? "(a number)"
        : `with ${rawTable.classLabels.length} classes`),
  );
  say(`task: ${rawTable.task} (${rawTable.taskRule})`);
  if (rawTable.task === "regression") {
    return await trainRegressor(rawTable, { options, name, version, seed, choice, started });
  }
  const split = stratifiedHoldoutSplit(rawTable, HOLDOUT_FRACTION, seed);
  say(
    `split: ${split.train.length} training rows, ${split.holdout.length} holdout rows (seed ${seed})`,
  );
  const testCases = chooseTestCaseRows(rawTable, split.holdout);
  const testInputs = testCases.map((testCase) => rawRowOf(rawTable, testCase.row));
  const table = fitTextColumns(imputeMissing(rawTable, split.train), split.train, say);
  const imputed = table.missing;
  for (const [column, count] of Object.entries(imputed)) {
    say(`imputed ${count} empty cells of column '${column}' with the training mean`);
  }
  const readDone = performance.now();

  const selection = choice === AUTO_MODEL
    ? selectClassifier(
      table,
      split.train,
      HYPER_PARAMETERS,
      seed,
      autoPlan(split.train.length, table.width, table),
      {
        say,
        onStep: options.onStep,
      },
    )
    : undefined;
  const kind = selection?.chosen ?? (choice as ModelKind);
  const fitted = fitModel(
    kind,
    table,
    split,
    HYPER_PARAMETERS,
    seed,
    finalFitSteps(options.onStep, kind, selection),
  );
  const summary = fitted.optimizer;
  const holdoutExpected = fitted.predict(table.features, split.holdout);
  const classCount = table.classLabels.length;
  const predicted = split.holdout.map((_, index) =>
    argmaxAt(holdoutExpected, index * classCount, classCount)
  );
  const metrics = classificationMetrics(
    table.classLabels,
    split.holdout.map((row) => table.targets[row]),
    predicted,
  );
  const fitText = fitted.mlp
    ? `fitted in ${fitted.mlp.summary.epochs} epochs (early stopping kept epoch ` +
      `${fitted.mlp.summary.bestEpoch})`
    : fitted.trees
    ? `fitted in ${fitted.trees.summary.rounds} rounds (early stopping kept round ` +
      `${fitted.trees.summary.bestRound}: ${fitted.trees.summary.trees} trees, ` +
      `${fitted.trees.summary.leaves} leaves)`
    : `fitted in ${summary.iterations} iterations (${
      summary.converged ? "converged" : "NOT converged"
    })`;
  say(
    `${fitText}; ` +
      `holdout accuracy ${metrics.accuracy.toFixed(4)}, macro F1 ${metrics.macroF1.toFixed(4)}`,
  );
  const fitDone = performance.now();

  const plain = isPlainNumeric(table.pipeline);
  const onnxBytes = encodeOnnxModel(withTextFront(
    fitted.spec({
      name,
      featureNames: table.featureNames,
      classLabels: table.classLabels,
      labelName: table.labelName,
      inputEncoding: plain
        ? undefined
        : `${table.width} inputs encoded from the columns by the pipeline in model.yaml ` +
          `module.config.columns (one-hot, tf-idf text in the graph, imputation)`,
    }),
    tableTextFront(table),
  ));
  const session = await OnnxSession.openBytes(onnxBytes);
  let check;
  const caseFiles = new Map<string, Uint8Array>();
  try {
    const holdout = graphInputs(table, split.holdout);
    check = await verifyExport(
      session,
      holdout.features,
      split.holdout.length,
      holdoutExpected,
      table.classLabels,
      holdout.texts,
    );
    for (const [index, testCase] of testCases.entries()) {
      const one = graphInputs(table, [testCase.row]);
      const probabilities = await runProbabilities(
        session,
        Float32Array.from(one.features),
        1,
        one.features.length,
        classCount,
        one.texts,
      );
      const input = testInputs[index];
      caseFiles.set(
        `test_cases/${testCase.name}/${INPUT_FILE}`,
        encoder.encode(JSON.stringify(input, null, 2) + "\n"),
      );
      caseFiles.set(
        `test_cases/${testCase.name}/${OUTPUT_FILE}`,
        classPredictionsOutput(rankClassPredictions(probabilities, 0, table.classLabels)),
      );
    }
  } finally {
    await session.close();
  }
  say(
    `ONNX export checked in onnxruntime: largest difference ${
      check.maxDifference.toExponential(2)
    }`,
  );
  const exportDone = performance.now();

  const facts: BundleFacts = {
    name,
    version,
    csvFileName: basename(options.csvPath),
    featureNames: table.featureNames,
    labelName: table.labelName,
    classLabels: table.classLabels,
    rows: { total: table.rowCount, train: split.train.length, holdout: split.holdout.length },
    split: { fraction: HOLDOUT_FRACTION, seed },
    hyper: HYPER_PARAMETERS,
    optimizer: { iterations: summary.iterations, converged: summary.converged },
    metrics,
    pipeline: table.pipeline,
    missing: imputed,
    mlp: fitted.mlp,
    trees: fitted.trees,
    selection,
  };
  const reportFacts = {
    name,
    summary: `${FAMILY_NAMES[kind]} on ${basename(options.csvPath)}: ` +
      `${table.rowCount} rows, ${table.featureNames.length} columns (${table.width} model ` +
      `inputs), ${table.classLabels.length} classes, holdout ${split.holdout.length} rows, ` +
      `seed ${seed}.`,
    curve: fitted.curve,
    metrics,
    classLabels: table.classLabels,
    selection,
  };
  const files: BundleFiles = new Map([
    [MODEL_FILE, onnxBytes],
    ["model.yaml", encoder.encode(toYaml(modelYamlDocument(facts)))],
    ["docker_metadata.yaml", encoder.encode(toYaml(dockerMetadataDocument(name)))],
    [REPORT_MD, encoder.encode(reportMarkdown(reportFacts))],
    [REPORT_SVG, encoder.encode(reportSvg(reportFacts))],
    ...caseFiles,
  ]);
  const bundleDir = await writeTrainedBundle(options.outDir, version, files, force);
  say(`wrote ${bundleDir}`);
  const finished = performance.now();

  return {
    task: "classification",
    taskRule: table.taskRule,
    name,
    version,
    featureNames: table.featureNames,
    classLabels: table.classLabels,
    rows: facts.rows,
    seed,
    optimizer: facts.optimizer,
    metrics,
    model: kind,
    ...(selection ? { selection } : {}),
    imputed,
    curve: fitted.curve,
    exportMaxDifference: check.maxDifference,
    timings: {
      readMs: readDone - started,
      fitMs: fitDone - readDone,
      exportMs: exportDone - fitDone,
      writeMs: finished - exportDone,
      totalMs: finished - started,
    },
    paths: {
      bundleDir,
      model: join(bundleDir, MODEL_FILE),
      modelYaml: join(bundleDir, "model.yaml"),
      testCases: testCases.map((testCase) => join(bundleDir, "test_cases", testCase.name)),
    },
  };
}

function checkVersion(version: string): string {
  if (VERSION_PATTERN.test(version)) return version;
  throw badRequest(`bundle version '${version}' must be of the form x.y.z (e.g. 0.1.0)`);
}

function checkSeed(seed: number): number {
  if (Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) return seed;
  throw badRequest(`seed must be a whole number from 0 to 4294967295, got ${seed}`);
}

function checkName(name: string): string {
  if (name.trim() !== "") return name.trim();
  throw badRequest("model name must not be empty");
}
