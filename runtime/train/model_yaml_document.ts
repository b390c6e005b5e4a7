/**
 * Composes the model.yaml (Modzy specification 0.4) and docker_metadata.yaml
 * documents of a trained tabular classifier, every field filled. Only facts
 * that are the same on every run go in (no dates, no durations, no paths
 * other than the CSV file name), so retraining the same data with the same
 * seed gives the same files byte for byte.
 *
 * @module
 */
import { stringify } from "yaml";
import { TABULAR_CLASSIFIER_ID } from "../modules/tabular_config.ts";
import type { ClassificationMetrics } from "./metrics.ts";
import type { SoftmaxHyperParameters } from "./softmax_regression.ts";
import type { MlpHyperParameters, MlpSummary } from "./mlp.ts";
import type { BoostingParameters, BoostingSummary } from "./trees/fit_boosting.ts";
import { type FeaturePipeline, isPlainNumeric } from "../modules/tabular_pipeline.ts";
import { ONNX_BACKEND } from "../backends/onnx/descriptor.ts";
import { selectionText } from "./selection_text.ts";
import type { ModelSelection } from "./train_types.ts";

/** Name of the input file a tabular classifier reads. */
export const INPUT_FILE = "input.json";
/** Name of the output file a tabular classifier writes. */
export const OUTPUT_FILE = "results.json";
/** Name of the model file inside the bundle (the ONNX backend's model file). */
export const MODEL_FILE: string = ONNX_BACKEND.modelFile;
/** Largest batch the bundle declares. */
export const MAX_BATCH_SIZE = 64;

/** Everything about a training run that the documents describe. */
export interface BundleFacts {
  /** Model name. */
  readonly name: string;
  /** Bundle version x.y.z. */
  readonly version: string;
  /** File name (no folder) of the training CSV. */
  readonly csvFileName: string;
  /** Feature names, in input order. */
  readonly featureNames: readonly string[];
  /** Label column name. */
  readonly labelName: string;
  /** Class labels, in output order. */
  readonly classLabels: readonly string[];
  /** Row counts. */
  readonly rows: { readonly total: number; readonly train: number; readonly holdout: number };
  /** Holdout share and split seed. */
  readonly split: { readonly fraction: number; readonly seed: number };
  /** Fit settings. */
  readonly hyper: SoftmaxHyperParameters;
  /** Optimiser outcome. */
  readonly optimizer: { readonly iterations: number; readonly converged: boolean };
  /** Holdout figures. */
  readonly metrics: ClassificationMetrics;
  /** The feature pipeline; plain numeric features when absent. */
  readonly pipeline?: FeaturePipeline;
  /** Empty cells per numeric column that had any (imputed with the training mean). */
  readonly missing?: Readonly<Record<string, number>>;
  /** The MLP settings and outcome when the model is an MLP (logistic regression otherwise). */
  readonly mlp?: { readonly hyper: MlpHyperParameters; readonly summary: MlpSummary };
  /** The boosting settings and outcome when the model is gradient-boosted trees. */
  readonly trees?: { readonly parameters: BoostingParameters; readonly summary: BoostingSummary };
  /** What `--model auto` tried and chose, when it chose. */
  readonly selection?: ModelSelection;
}

/** True when the facts describe the original plain model: numeric columns, logistic regression. */
function isPlainModel(facts: BundleFacts): boolean {
  return facts.mlp === undefined && facts.trees === undefined &&
    (facts.pipeline === undefined || isPlainNumeric(facts.pipeline));
}

/** The columns in words: `'age' (numeric, 3 empty cells imputed with the training mean 41.5)`. */
export function columnList(
  facts: Pick<BundleFacts, "featureNames" | "pipeline" | "missing">,
): string {
  const pipeline = facts.pipeline;
  if (pipeline === undefined) return quoteList(facts.featureNames);
  return pipeline.columns.map((column) => {
    if (column.kind === "numeric") {
      const gaps = facts.missing?.[column.name] ?? 0;
      return gaps > 0 && column.impute !== null
        ? `'${column.name}' (numeric; ${gaps} empty cells imputed with the training mean ` +
          `${column.impute})`
        : `'${column.name}' (numeric)`;
    }
    if (column.kind === "categorical") {
      return `'${column.name}' (categorical, one-hot over ${column.categories.length} values)`;
    }
    if (column.kind === "tfidf") {
      return `'${column.name}' (free text, a string: tf-idf over word 1-2-grams of ` +
        `${column.terms} terms, unit length, computed inside the ONNX graph from the raw text)`;
    }
    return `'${column.name}' (free text: word ${column.wordNgrams.join("-")}-grams and ` +
      `character ${column.charNgrams.join("-")}-grams hashed into ${column.buckets} signed ` +
      `buckets, sublinear counts, unit length)`;
  }).join(", ");
}

/** The graph's text steps, when a column is tf-idf text. */
function tfidfSteps(facts: BundleFacts): string {
  return facts.pipeline?.columns.some((column) => column.kind === "tfidf")
    ? "StringNormalizer, Tokenizer, TfIdfVectorizer and L2 scaling of the text, "
    : "";
}

/** The technical description of anything but the plain model. */
function technicalText(facts: BundleFacts): string {
  const hasText = facts.pipeline?.columns.some((column) => column.kind === "text") ?? false;
  const steps = facts.trees ? "trees" : "scaling, layers";
  const encoding = `Input encoding (module.config.columns, applied identically when serving): ` +
    `${columnList(facts)}. ` +
    (hasText
      ? "Text hashing runs in TypeScript before the ONNX graph; everything numeric after it " +
        `(${steps}, softmax) is in the graph. `
      : `All numeric steps (${tfidfSteps(facts)}${steps}, softmax) are in the ONNX graph. `);
  const model = facts.trees
    ? treesText(facts.trees.parameters, facts.trees.summary, facts.classLabels.length)
    : facts.mlp === undefined
    ? `Model: multinomial logistic regression on standardised inputs (text features left ` +
      `unscaled), exported to ONNX (opset 17): Sub, Div, MatMul, Add, Softmax. ` +
      `Hyper-parameters: L2 penalty with C = ${facts.hyper.inverseRegularization}, L-BFGS to a ` +
      `gradient tolerance of ${facts.hyper.gradientTolerance} ` +
      `(${facts.optimizer.iterations} iterations, ` +
      `${facts.optimizer.converged ? "converged" : "not converged"}). `
    : `Model: multi-layer perceptron, one hidden layer of ${facts.mlp.hyper.hiddenUnits} ReLU ` +
      `units, softmax output, exported to ONNX (opset 17): Sub, Div, MatMul, Add, Relu, ` +
      `MatMul, Add, Softmax. Hyper-parameters: Adam with step ${facts.mlp.hyper.learningRate}, ` +
      `mini-batches of ${facts.mlp.hyper.batchSize}, L2 penalty ${facts.mlp.hyper.l2}, at most ` +
      `${facts.mlp.hyper.maxEpochs} epochs; early stopping after ${facts.mlp.hyper.patience} ` +
      `epochs without a lower validation loss (${facts.mlp.summary.epochs} epochs run, ` +
      `weights of epoch ${facts.mlp.summary.bestEpoch} kept). `;
  return `Data: ${facts.csvFileName}, ${facts.rows.total} rows, label column ` +
    `'${facts.labelName}'. ${encoding}${model}Validation: stratified holdout of ` +
    `${percent(facts.split.fraction)} (${facts.rows.holdout} rows, seed ${facts.split.seed}); ` +
    `trained on the other ${facts.rows.train} rows` +
    (facts.mlp === undefined && facts.trees === undefined
      ? "."
      : ", of which 10% (stratified) validate early stopping.") +
    ` The training report is in report.md and report.svg.`;
}

/** The trees' model sentence. */
function treesText(
  parameters: BoostingParameters,
  summary: BoostingSummary,
  classCount: number,
): string {
  return `Model: gradient-boosted decision trees, histogram-based (at most ` +
    `${parameters.maxBins} bins per input), grown leaf-wise to at most ` +
    `${parameters.maxLeaves} leaves with at least ${parameters.minSamplesLeaf} rows per leaf, ` +
    `${classCount === 2 ? "one tree per round (log-odds)" : "one tree per class per round"}, ` +
    `exported to ONNX (opset 17 and ai.onnx.ml 3): TreeEnsembleClassifier, Softmax. ` +
    `Hyper-parameters: learning rate ${parameters.learningRate}, L2 penalty ` +
    `${parameters.l2Regularization}, at most ${parameters.maxRounds} rounds; early stopping ` +
    `after ${parameters.patience} rounds without a lower validation loss ` +
    `(${summary.rounds} rounds run, ${summary.bestRound} kept: ${summary.trees} trees, ` +
    `${summary.leaves} leaves). `;
}

const round4 = (value: number) => Math.round(value * 10000) / 10000;
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
/** Names in quotes, comma-separated: `'a', 'b'`. */
export const quoteList = (names: readonly string[]): string =>
  names.map((name) => `'${name}'`).join(", ");

/** Builds the model.yaml document as plain data, keys in specification order. */
export function modelYamlDocument(facts: BundleFacts): Record<string, unknown> {
  const { metrics } = facts;
  const featureList = quoteList(facts.featureNames);
  const labelList = quoteList(facts.classLabels);
  const macro = (pick: (entry: ClassificationMetrics["perClass"][number]) => number) =>
    metrics.perClass.reduce((sum, entry) => sum + pick(entry), 0) / metrics.perClass.length;
  const perClass = metrics.perClass.map((entry) =>
    `${entry.label}: precision ${entry.precision.toFixed(4)}, recall ` +
    `${entry.recall.toFixed(4)}, F1 ${entry.f1.toFixed(4)} (${entry.support} rows)`
  ).join("; ");
  const confusion = metrics.confusion.map((row, index) =>
    `${facts.classLabels[index]} -> [${row.join(", ")}]`
  ).join("; ");
  const plain = isPlainModel(facts);
  const featureCount = facts.featureNames.length;
  const summary = plain
    ? `Classifies one row of ${featureCount} numeric features ` +
      `into one of ${facts.classLabels.length} classes (${labelList}).`
    : `Classifies one row of ${featureCount} column${featureCount === 1 ? "" : "s"} ` +
      `(${featureList}) into one of ${facts.classLabels.length} classes (${labelList}).`;
  const details = plain
    ? `Send ${INPUT_FILE}: a JSON object keyed by feature name (${featureList}) or ` +
      `an array of the ${featureCount} values in that order. ${OUTPUT_FILE} ` +
      `lists every class with its probability, most likely first.`
    : `Send ${INPUT_FILE}: a JSON object keyed by column name (${featureList}) with the raw ` +
      `values (numbers for numeric columns, strings for categorical and text columns, e.g. ` +
      `{"${facts.featureNames[0]}": …}), or an array of the ${featureCount} values in that ` +
      `order. ${OUTPUT_FILE} lists every class with its probability, most likely first.`;
  const technical = (plain
    ? `Data: ${facts.csvFileName}, ${facts.rows.total} rows, label column ` +
      `'${facts.labelName}', features ${featureList}. Model: multinomial logistic ` +
      `regression on standardised features (mean and standard deviation of the training ` +
      `rows), exported to ONNX (opset 17): Sub, Div, MatMul, Add, Softmax. ` +
      `Hyper-parameters: L2 penalty with C = ${facts.hyper.inverseRegularization}, ` +
      `L-BFGS to a gradient tolerance of ${facts.hyper.gradientTolerance} ` +
      `(${facts.optimizer.iterations} iterations, ` +
      `${facts.optimizer.converged ? "converged" : "not converged"}). Validation: ` +
      `stratified holdout of ${percent(facts.split.fraction)} (${facts.rows.holdout} rows, ` +
      `seed ${facts.split.seed}); trained on the other ${facts.rows.train} rows.`
    : technicalText(facts)) +
    (facts.selection ? ` ${selectionText(facts.selection, facts.rows.train)}` : "");
  return {
    specification: "0.4",
    type: "grpc",
    source: "model-runtime trainer",
    version: facts.version,
    name: facts.name,
    author: "model-runtime trainer",
    description: {
      summary,
      details,
      technical,
      performance: `On the ${facts.rows.holdout} holdout rows: accuracy ` +
        `${percent(metrics.accuracy)}, macro F1 ${metrics.macroF1.toFixed(4)}. Per class: ` +
        `${perClass}. Confusion matrix (true -> predicted counts in label order): ` +
        `${confusion}.`,
    },
    releaseNotes: `Trained from ${facts.csvFileName} by the model-runtime trainer.`,
    tags: [
      "tabular",
      "classification",
      facts.trees
        ? "gradient-boosted-trees"
        : facts.mlp === undefined
        ? "logistic-regression"
        : "neural-network",
      "onnx",
    ],
    filters: [
      { type: "Task", label: "Classification" },
      { type: "Input Type", label: "Tabular" },
    ],
    metrics: [
      metric("Accuracy", metrics.accuracy, "Share of holdout rows classified correctly."),
      metric("F1 Score", metrics.macroF1, "Macro-averaged F1 over the classes, on the holdout."),
      metric(
        "Precision",
        macro((entry) => entry.precision),
        "Macro-averaged precision over the classes, on the holdout.",
      ),
      metric(
        "Recall",
        macro((entry) => entry.recall),
        "Macro-averaged recall over the classes, on the holdout.",
      ),
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
        description: `{"data":{"result":{"classPredictions":[{"class":…,"score":…},…]}}}: ` +
          `every class (${facts.classLabels.join(", ")}) with its probability rounded to 4 ` +
          `decimals, highest first.`,
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
      resultsFormat: "classPredictions",
      driftFormat: null,
      explanationFormat: null,
    },
    module: {
      id: TABULAR_CLASSIFIER_ID,
      config: {
        artifact: MODEL_FILE,
        features: [...facts.featureNames],
        labels: [...facts.classLabels],
        input: INPUT_FILE,
        output: OUTPUT_FILE,
        ...(facts.pipeline === undefined || isPlainNumeric(facts.pipeline)
          ? {}
          : { columns: facts.pipeline.columns.map((column) => ({ ...column })) }),
      },
    },
  };
}

function metric(label: string, value: number, description: string) {
  return { label, type: "percentage", value: round4(value), description };
}

/** Builds the docker_metadata.yaml document for a model called `name`. */
export function dockerMetadataDocument(name: string): Record<string, unknown> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "model";
  return {
    dockerMetadata: [{ registry: "localhost:5000", repo_prefix: "models", repo_suffix: slug }],
    id: slug,
  };
}

/** Serialises a document as YAML text (npm:yaml, no line folding). */
export function toYaml(document: Record<string, unknown>): string {
  return stringify(document, { lineWidth: 0 });
}
