/**
 * The regression half of training, called by {@link trainToBundle} once the
 * label column has made the task a regression: a random holdout split,
 * mean imputation, ridge, the MLP regressor or gradient-boosted trees on a
 * standardised target,
 * holdout RMSE/MAE/R², the ONNX export checked in onnxruntime against the
 * trainer's own predictions, test cases from holdout rows (their expected
 * `results.json` written by the serving module's own writer), model.yaml,
 * the report, and the bundle written atomically. Any failure leaves nothing
 * behind.
 *
 * @module
 */
import { basename, join } from "node:path";
import { OnnxSession } from "../backends/onnx/session.ts";
import { encodeOnnxModel } from "../backends/onnx/model_writer.ts";
import { predictionOutput, runPredictions } from "../modules/regression_model.ts";
import { isPlainNumeric } from "../modules/tabular_pipeline.ts";
import { fitRegressor } from "./fit_regressor.ts";
import { randomHoldoutSplit } from "./holdout_split.ts";
import {
  dockerMetadataDocument,
  INPUT_FILE,
  MODEL_FILE,
  OUTPUT_FILE,
  toYaml,
} from "./model_yaml_document.ts";
import { regressionMetrics } from "./regression_metrics.ts";
import { regressionReportMarkdown, regressionReportSvg } from "./regression_report.ts";
import { type RegressionFacts, regressionYamlDocument } from "./regression_yaml_document.ts";
import { chooseRegressionTestCaseRows } from "./test_case_rows.ts";
import { REPORT_MD, REPORT_SVG } from "./training_report.ts";
import { imputeMissing, rawRowOf, type TrainingTable } from "./training_table.ts";
import { fitTextColumns, graphInputs, tableTextFront } from "./text_columns.ts";
import { withTextFront } from "./text_front_onnx.ts";
import { autoPlan, finalFitSteps, selectRegressor } from "./model_selection.ts";
import {
  AUTO_MODEL,
  HOLDOUT_FRACTION,
  type ModelKind,
  type RegressionReport,
  type TrainOptions,
} from "./train_types.ts";
import { verifyPredictions } from "./verify_export.ts";
import { type BundleFiles, writeTrainedBundle } from "./write_bundle.ts";

const encoder = new TextEncoder();

/** Each family's name at the start of the report. */
const FAMILY_NAMES: Readonly<Record<ModelKind, string>> = {
  linear: "Ridge regression",
  mlp: "MLP regressor",
  trees: "Gradient-boosted regression trees",
};

/** The run's settings, already checked by {@link trainToBundle}. */
export interface RegressionRun {
  /** The caller's options. */
  readonly options: TrainOptions;
  /** Model name. */
  readonly name: string;
  /** Bundle version. */
  readonly version: string;
  /** Split and fit seed. */
  readonly seed: number;
  /** Model family, or `auto` to choose one on the data. */
  readonly choice: ModelKind | typeof AUTO_MODEL;
  /** `performance.now()` when the run started. */
  readonly started: number;
}

/** Trains a regressor on `rawTable` (task regression) and writes its bundle. */
export async function trainRegressor(
  rawTable: TrainingTable,
  run: RegressionRun,
): Promise<RegressionReport> {
  const { options, name, version, seed, choice } = run;
  const say = options.progress ?? (() => {});
  const split = randomHoldoutSplit(rawTable, HOLDOUT_FRACTION, seed);
  say(
    `split: ${split.train.length} training rows, ${split.holdout.length} holdout rows (seed ${seed})`,
  );
  const testCases = chooseRegressionTestCaseRows(rawTable, split.holdout);
  const testInputs = testCases.map((testCase) => rawRowOf(rawTable, testCase.row));
  const table = fitTextColumns(imputeMissing(rawTable, split.train), split.train, say);
  for (const [column, count] of Object.entries(table.missing)) {
    say(`imputed ${count} empty cells of column '${column}' with the training mean`);
  }
  const readDone = performance.now();

  const selection = choice === AUTO_MODEL
    ? selectRegressor(table, split.train, seed, autoPlan(split.train.length, table.width, table), {
      say,
      onStep: options.onStep,
    })
    : undefined;
  const kind = selection?.chosen ?? (choice as ModelKind);
  const fitted = fitRegressor(
    kind,
    table,
    split,
    seed,
    finalFitSteps(options.onStep, kind, selection),
  );
  const expected = fitted.predict(table.features, split.holdout);
  const actual = Float64Array.from(split.holdout, (row) => table.values[row]);
  const metrics = regressionMetrics(actual, expected);
  const fitText = fitted.mlp
    ? `fitted in ${fitted.mlp.summary.epochs} epochs (early stopping kept epoch ` +
      `${fitted.mlp.summary.bestEpoch})`
    : fitted.trees
    ? `fitted in ${fitted.trees.summary.rounds} rounds (early stopping kept round ` +
      `${fitted.trees.summary.bestRound}: ${fitted.trees.summary.trees} trees, ` +
      `${fitted.trees.summary.leaves} leaves)`
    : `fitted in ${fitted.optimizer.iterations} iterations (${
      fitted.optimizer.converged ? "converged" : "NOT converged"
    })`;
  say(
    `${fitText}; holdout RMSE ${metrics.rmse.toFixed(4)}, MAE ${metrics.mae.toFixed(4)}, ` +
      `R² ${metrics.r2.toFixed(4)}`,
  );
  const fitDone = performance.now();

  const onnxBytes = encodeOnnxModel(withTextFront(
    fitted.spec({
      name,
      featureNames: table.featureNames,
      labelName: table.labelName,
      inputEncoding: isPlainNumeric(table.pipeline)
        ? undefined
        : `${table.width} inputs encoded from the columns by the pipeline in model.yaml ` +
          `module.config.columns (one-hot, tf-idf text in the graph, imputation)`,
    }),
    tableTextFront(table),
  ));
  const caseFiles = new Map<string, Uint8Array>();
  const session = await OnnxSession.openBytes(onnxBytes);
  let check;
  try {
    const holdout = graphInputs(table, split.holdout);
    check = await verifyPredictions(
      session,
      holdout.features,
      split.holdout.length,
      expected,
      fitted.target.scale,
      holdout.texts,
    );
    for (const [index, testCase] of testCases.entries()) {
      const one = graphInputs(table, [testCase.row]);
      const row = Float32Array.from(one.features);
      const [prediction] = await runPredictions(session, row, 1, row.length, one.texts);
      const folder = `test_cases/${testCase.name}`;
      const input = JSON.stringify(testInputs[index], null, 2) + "\n";
      caseFiles.set(`${folder}/${INPUT_FILE}`, encoder.encode(input));
      caseFiles.set(`${folder}/${OUTPUT_FILE}`, predictionOutput(prediction));
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

  const rows = { total: table.rowCount, train: split.train.length, holdout: split.holdout.length };
  const facts: RegressionFacts = {
    name,
    version,
    csvFileName: basename(options.csvPath),
    featureNames: table.featureNames,
    labelName: table.labelName,
    taskRule: table.taskRule,
    rows,
    split: { fraction: HOLDOUT_FRACTION, seed },
    optimizer: fitted.optimizer,
    metrics,
    target: fitted.target,
    pipeline: table.pipeline,
    missing: table.missing,
    ridge: fitted.ridge,
    mlp: fitted.mlp,
    trees: fitted.trees,
    selection,
  };
  const reportFacts = {
    name,
    summary: `${FAMILY_NAMES[kind]} on ` +
      `${basename(options.csvPath)}: ${table.rowCount} rows, ${table.featureNames.length} ` +
      `columns (${table.width} model inputs), target '${table.labelName}', holdout ` +
      `${split.holdout.length} rows, seed ${seed}.`,
    labelName: table.labelName,
    curve: fitted.curve,
    metrics,
    actual,
    predicted: expected,
    selection,
  };
  const files: BundleFiles = new Map([
    [MODEL_FILE, onnxBytes],
    ["model.yaml", encoder.encode(toYaml(regressionYamlDocument(facts)))],
    ["docker_metadata.yaml", encoder.encode(toYaml(dockerMetadataDocument(name)))],
    [REPORT_MD, encoder.encode(regressionReportMarkdown(reportFacts))],
    [REPORT_SVG, encoder.encode(regressionReportSvg(reportFacts))],
    ...caseFiles,
  ]);
  const bundleDir = await writeTrainedBundle(
    options.outDir,
    version,
    files,
    options.force ?? false,
  );
  say(`wrote ${bundleDir}`);
  const finished = performance.now();
  return {
    task: "regression",
    taskRule: table.taskRule,
    name,
    version,
    featureNames: table.featureNames,
    rows,
    seed,
    optimizer: fitted.optimizer,
    metrics,
    target: { mean: fitted.target.mean, scale: fitted.target.scale },
    model: kind,
    ...(selection ? { selection } : {}),
    imputed: table.missing,
    curve: fitted.curve,
    exportMaxDifference: check.maxDifference,
    timings: {
      readMs: readDone - run.started,
      fitMs: fitDone - readDone,
      exportMs: exportDone - fitDone,
      writeMs: finished - exportDone,
      totalMs: finished - run.started,
    },
    paths: {
      bundleDir,
      model: join(bundleDir, MODEL_FILE),
      modelYaml: join(bundleDir, "model.yaml"),
      testCases: testCases.map((testCase) => join(bundleDir, "test_cases", testCase.name)),
    },
  };
}
