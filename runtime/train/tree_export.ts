/**
 * Describes fitted gradient-boosted trees as ONNX models with the same frame
 * as the other families (producer, metadata, the `features` float32
 * [batch, F] input of the encoded columns): a classifier is
 * `features` -> TreeEnsembleClassifier (ai.onnx.ml 3, raw scores) ->
 * Softmax(axis=1) -> `probabilities` float32 [batch, C]; a regressor is
 * `features` -> TreeEnsembleRegressor -> `prediction` float32 [batch, 1].
 * Trees need no standardisation, so the graph has no Sub/Div.
 *
 * @module
 */
import type { OnnxModelSpec, OnnxNode } from "../backends/onnx/graph_types.ts";
import { FEATURES_INPUT, PROBABILITIES_OUTPUT } from "../modules/probability_model.ts";
import { PREDICTION_OUTPUT } from "../modules/regression_model.ts";
import { type ExportDescription, PRODUCER_NAME, PRODUCER_VERSION } from "./onnx_export.ts";
import type { RegressorDescription } from "./regression_export.ts";
import type { BoostedTrees } from "./trees/boosted_trees.ts";
import {
  ONNX_ML_DOMAIN,
  ONNX_ML_OPSET,
  treeEnsembleClassifierNode,
  treeEnsembleRegressorNode,
} from "./trees/tree_ensemble_onnx.ts";

/** The shared frame: producer, opsets, metadata, the `features` input. */
function treesFrame(
  about: RegressorDescription,
  metadata: Readonly<Record<string, string>>,
  graph: {
    readonly doc: string;
    readonly output: { readonly name: string; readonly width: number };
    readonly nodes: readonly OnnxNode[];
  },
  featureCount: number,
): OnnxModelSpec {
  return {
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    irVersion: 8,
    opsets: [{ domain: "", version: 17 }, { domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET }],
    doc: graph.doc,
    metadata: {
      feature_names: JSON.stringify(about.featureNames),
      ...metadata,
      label_column: about.labelName,
      ...(about.inputEncoding ? { input_encoding: about.inputEncoding } : {}),
    },
    graph: {
      name: about.name,
      inputs: [{ name: FEATURES_INPUT, type: "float32", shape: ["batch", featureCount] }],
      outputs: [{ name: graph.output.name, type: "float32", shape: ["batch", graph.output.width] }],
      initializers: [],
      nodes: graph.nodes,
    },
  };
}

/** Counts for the documentation string. */
function sizeText(model: BoostedTrees): string {
  const leaves = model.trees.reduce(
    (sum, tree) => sum + tree.feature.filter((feature) => feature < 0).length,
    0,
  );
  return `${model.trees.length} trees, ${leaves} leaves, over ${model.featureCount} inputs`;
}

/**
 * Builds the ONNX description of a gradient-boosted tree classifier:
 * `features` -> TreeEnsembleClassifier -> Softmax -> `probabilities`.
 */
export function treesClassifierSpec(model: BoostedTrees, about: ExportDescription): OnnxModelSpec {
  if (model.task.kind !== "classification") {
    throw new TypeError("treesClassifierSpec needs a classification model");
  }
  const classCount = model.task.classCount;
  return treesFrame(about, {
    labels: JSON.stringify(about.classLabels),
    model_kind: "gradient-boosted-trees",
  }, {
    doc: `Gradient-boosted trees (${sizeText(model)}), ${classCount} classes.`,
    output: { name: PROBABILITIES_OUTPUT, width: classCount },
    nodes: [
      treeEnsembleClassifierNode(model, FEATURES_INPUT, "tree_label", "scores"),
      {
        name: "softmax",
        opType: "Softmax",
        inputs: ["scores"],
        outputs: [PROBABILITIES_OUTPUT],
        attributes: { axis: { i: 1 } },
      },
    ],
  }, model.featureCount);
}

/**
 * Builds the ONNX description of a gradient-boosted tree regressor:
 * `features` float32 [batch, F] -> TreeEnsembleRegressor -> `prediction`
 * float32 [batch, 1] (the raw predicted value, in the target's own units).
 *
 * @example
 * ```ts
 * import { encodeOnnxModel } from "../backends/onnx/model_writer.ts";
 * import { fitGradientBoosting } from "./trees/fit_boosting.ts";
 * import { treesRegressionSpec } from "./tree_export.ts";
 * const features = Float64Array.from({ length: 100 }, (_, i) => i);
 * const targets = Float64Array.from(features, (x) => 2 * x);
 * const rows = Array.from({ length: 100 }, (_, i) => i);
 * const { model } = fitGradientBoosting({
 *   features, width: 1, targets, task: { kind: "regression" }, fitRows: rows,
 * });
 * const bytes = encodeOnnxModel(treesRegressionSpec(model, {
 *   name: "double", featureNames: ["x"], labelName: "y",
 * }));
 * if (bytes.length === 0) throw new Error("empty model");
 * ```
 */
export function treesRegressionSpec(
  model: BoostedTrees,
  about: RegressorDescription,
): OnnxModelSpec {
  if (model.task.kind !== "regression") {
    throw new TypeError("treesRegressionSpec needs a regression model");
  }
  return treesFrame(about, {
    model_kind: "gradient-boosted-trees-regressor",
    task: "regression",
  }, {
    doc: `Gradient-boosted regression trees (${sizeText(model)}).`,
    output: { name: PREDICTION_OUTPUT, width: 1 },
    nodes: [treeEnsembleRegressorNode(model, FEATURES_INPUT, PREDICTION_OUTPUT)],
  }, model.featureCount);
}
