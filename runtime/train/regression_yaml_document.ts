/**
 * Composes the model.yaml document (Modzy specification 0.4) of a trained
 * tabular regressor: module `tabular-regressor`, results format
 * `prediction`, holdout RMSE, MAE and R² as metrics. Like the classifier's
 * document, only facts that are the same on every run go in, so retraining
 * the same data with the same seed gives the same file byte for byte.
 *
 * @module
 */
import { TABULAR_REGRESSOR_ID } from "../modules/tabular_config.ts";
import { type FeaturePipeline, isPlainNumeric } from "../modules/tabular_pipeline.ts";
import {
  columnList,
  INPUT_FILE,
  MAX_BATCH_SIZE,
  MODEL_FILE,
  OUTPUT_FILE,
  quoteList,
} from "./model_yaml_document.ts";
import type { MlpHyperParameters, MlpSummary } from "./mlp.ts";
import type { RegressionMetrics } from "./regression_metrics.ts";
import type { RidgeHyperParameters, TargetScaler } from "./ridge_regression.ts";
import type { BoostingParameters, BoostingSummary } from "./trees/fit_boosting.ts";
import { selectionText } from "./selection_text.ts";
import type { ModelSelection } from "./train_types.ts";

/** Everything about a regression run that model.yaml describes. */
export interface RegressionFacts {
  /** Model name. */
  readonly name: string;
  /** Bundle version x.y.z. */
  readonly version: string;
  /** File name (no folder) of the training CSV. */
  readonly csvFileName: string;
  /** Feature names, in input order. */
  readonly featureNames: readonly string[];
  /** Label (target) column name. */
  readonly labelName: string;
  /** Why the task is regression, in words. */
  readonly taskRule: string;
  /** Row counts. */
  readonly rows: { readonly total: number; readonly train: number; readonly holdout: number };
  /** Holdout share and split seed. */
  readonly split: { readonly fraction: number; readonly seed: number };
  /** Optimiser outcome. */
  readonly optimizer: { readonly iterations: number; readonly converged: boolean };
  /** Holdout figures. */
  readonly metrics: RegressionMetrics;
  /** The target's scaler (training rows). */
  readonly target: TargetScaler;
  /** The feature pipeline. */
  readonly pipeline: FeaturePipeline;
  /** Empty cells per numeric column that had any (imputed with the training mean). */
  readonly missing: Readonly<Record<string, number>>;
  /** The ridge settings when the model is linear. */
  readonly ridge?: RidgeHyperParameters;
  /** The MLP settings and outcome when the model is an MLP. */
  readonly mlp?: { readonly hyper: MlpHyperParameters; readonly summary: MlpSummary };
  /** The boosting settings and outcome when the model is gradient-boosted trees. */
  readonly trees?: { readonly parameters: BoostingParameters; readonly summary: BoostingSummary };
  /** What `--model auto` tried and chose, when it chose. */
  readonly selection?: ModelSelection;
}

const round4 = (value: number) => Math.round(value * 10000) / 10000;
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/** The model paragraph of the technical description. */
function modelText(facts: RegressionFacts): string {
  const { mlp, ridge, optimizer, trees } = facts;
  if (trees !== undefined) {
    const { parameters, summary } = trees;
    return `Model: gradient-boosted regression trees, histogram-based (at most ` +
      `${parameters.maxBins} bins per input), grown leaf-wise to at most ` +
      `${parameters.maxLeaves} leaves with at least ${parameters.minSamplesLeaf} rows per ` +
      `leaf, squared error on the standardised target, exported to ONNX (ai.onnx.ml 3): ` +
      `TreeEnsembleRegressor, its leaf values and baseline carried back into the target's ` +
      `unit. Hyper-parameters: learning rate ${parameters.learningRate}, L2 penalty ` +
      `${parameters.l2Regularization}, at most ${parameters.maxRounds} rounds; early stopping ` +
      `after ${parameters.patience} rounds without a lower validation loss ` +
      `(${summary.rounds} rounds run, ${summary.bestRound} kept: ${summary.trees} trees, ` +
      `${summary.leaves} leaves). `;
  }
  if (mlp !== undefined) {
    return `Model: multi-layer perceptron regressor, one hidden layer of ` +
      `${mlp.hyper.hiddenUnits} ReLU units and one linear output, squared error on the ` +
      `standardised target, exported to ONNX (opset 17): Sub, Div, MatMul, Add, Relu, MatMul, ` +
      `Add, Mul, Add. Hyper-parameters: Adam with step ${mlp.hyper.learningRate}, mini-batches ` +
      `of ${mlp.hyper.batchSize}, L2 penalty ${mlp.hyper.l2}, at most ${mlp.hyper.maxEpochs} ` +
      `epochs; early stopping after ${mlp.hyper.patience} epochs without a lower validation ` +
      `loss (${mlp.summary.epochs} epochs run, weights of epoch ${mlp.summary.bestEpoch} kept). `;
  }
  return `Model: ridge regression (least squares with an L2 penalty, alpha = ` +
    `${ridge?.alpha}) on standardised inputs (text features left unscaled), fitted with L-BFGS to ` +
    `a gradient tolerance of ${ridge?.gradientTolerance} (${optimizer.iterations} iterations, ` +
    `${optimizer.converged ? "converged" : "not converged"}), exported to ONNX (opset 17): ` +
    `Sub, Div, MatMul, Add, Mul, Add. `;
}

/** Builds the model.yaml document of a regressor as plain data, keys in specification order. */
export function regressionYamlDocument(facts: RegressionFacts): Record<string, unknown> {
  const { metrics, target } = facts;
  const featureList = quoteList(facts.featureNames);
  const featureCount = facts.featureNames.length;
  const plain = isPlainNumeric(facts.pipeline);
  const result = `{"data":{"result":{"prediction":…}}}`;
  return {
    specification: "0.4",
    type: "grpc",
    source: "model-runtime trainer",
    version: facts.version,
    name: facts.name,
    author: "model-runtime trainer",
    description: {
      summary: `Predicts '${facts.labelName}' (a number) from one row of ${featureCount} ` +
        `column${featureCount === 1 ? "" : "s"} (${featureList}).`,
      details: `Send ${INPUT_FILE}: a JSON object keyed by column name (${featureList}) ` +
        (plain ? "with numbers" : "with the raw values (numbers for numeric columns, strings " +
          "for categorical and text columns)") +
        `, or an array of the ${featureCount} values in that order. ${OUTPUT_FILE} holds the ` +
        `predicted '${facts.labelName}': ${result}.`,
      technical: `Data: ${facts.csvFileName}, ${facts.rows.total} rows, label column ` +
        `'${facts.labelName}', task regression (${facts.taskRule}). Input encoding ` +
        `(applied identically when serving): ${columnList(facts)}. ${modelText(facts)}The ` +
        `target is standardised with the training rows' mean ${target.mean} and standard ` +
        `deviation ${target.scale}; ` +
        (facts.trees === undefined
          ? `the graph's last two steps undo it (prediction = raw * ${target.scale} + ` +
            `${target.mean}).`
          : "the exported trees answer in the target's unit.") +
        ` Validation: random holdout of ` +
        `${percent(facts.split.fraction)} (${facts.rows.holdout} rows, seed ` +
        `${facts.split.seed}); trained on the other ${facts.rows.train} rows` +
        (facts.mlp === undefined && facts.trees === undefined
          ? "."
          : ", of which 10% (random) validate early stopping.") +
        ` The training report is in report.md and report.svg.` +
        (facts.selection ? ` ${selectionText(facts.selection, facts.rows.train)}` : ""),
      performance: `On the ${facts.rows.holdout} holdout rows: RMSE ` +
        `${metrics.rmse.toFixed(4)}, MAE ${metrics.mae.toFixed(4)}, R² ${metrics.r2.toFixed(4)}.`,
    },
    releaseNotes: `Trained from ${facts.csvFileName} by the model-runtime trainer.`,
    tags: [
      "tabular",
      "regression",
      facts.trees !== undefined
        ? "gradient-boosted-trees"
        : facts.mlp === undefined
        ? "linear-regression"
        : "neural-network",
      "onnx",
    ],
    filters: [
      { type: "Task", label: "Regression" },
      { type: "Input Type", label: "Tabular" },
    ],
    metrics: [
      metric(
        "RMSE",
        metrics.rmse,
        `Root mean squared error on the holdout, in the unit of ` +
          `'${facts.labelName}'.`,
      ),
      metric(
        "MAE",
        metrics.mae,
        `Mean absolute error on the holdout, in the unit of ` +
          `'${facts.labelName}'.`,
      ),
      metric("R²", metrics.r2, "Coefficient of determination on the holdout (1 is perfect)."),
    ],
    inputs: {
      [INPUT_FILE]: {
        acceptedMediaTypes: ["application/json"],
        maxSize: "64K",
        description: `JSON object keyed by feature name, or an array of the values in this ` +
          `order: ${facts.featureNames.join(", ")}. ` +
          (plain
            ? "All values are numbers; extra keys are ignored."
            : "Raw values: numbers for numeric columns (null where the column had gaps in " +
              "training), strings for categorical and text columns; extra keys are ignored."),
      },
    },
    outputs: {
      [OUTPUT_FILE]: {
        mediaType: "application/json",
        maxSize: "64K",
        description: `${result}: the predicted '${facts.labelName}', the model's float32 ` +
          `output in its shortest decimal form.`,
      },
    },
    resources: { memory: { size: "512Mi" }, cpu: { count: 1 }, gpu: { count: 0 } },
    timeout: { status: "20s", run: "20s" },
    internal: {
      recommended: false,
      experimental: false,
      available: true,
      active: true,
      features: { explainable: false, adversarialDefense: false },
    },
    features: {
      adversarialDefense: false,
      maxBatchSize: MAX_BATCH_SIZE,
      retrainable: true,
      resultsFormat: "prediction",
      driftFormat: null,
      explanationFormat: null,
    },
    module: {
      id: TABULAR_REGRESSOR_ID,
      config: {
        artifact: MODEL_FILE,
        features: [...facts.featureNames],
        input: INPUT_FILE,
        output: OUTPUT_FILE,
        ...(plain ? {} : { columns: facts.pipeline.columns.map((column) => ({ ...column })) }),
      },
    },
  };
}

function metric(label: string, value: number, description: string) {
  return { label, type: "number", value: round4(value), description };
}
