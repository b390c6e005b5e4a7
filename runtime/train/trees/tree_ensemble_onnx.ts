/**
 * ONNX-ML `TreeEnsembleClassifier` / `TreeEnsembleRegressor` nodes (domain
 * `ai.onnx.ml`, opset 3) for a fitted {@link BoostedTrees}. Every split is
 * `BRANCH_LEQ` on a float32 threshold with `nodes_missing_value_tracks_true`
 * carrying the trainer's missing-value direction, so onnxruntime routes each
 * row to the leaf the trainer does. The baseline scores travel as an extra
 * single-leaf tree (tree 0) rather than `base_values`, whose two-class
 * handling in onnxruntime is special-cased. The classifier writes raw
 * scores (`post_transform` NONE) for a Softmax to turn into probabilities:
 * one score per class, and for two classes `[−s/2, s/2]` (whose softmax is
 * `[1 − σ(s), σ(s)]`, the trainer's logistic model).
 *
 * @module
 */
import type { OnnxAttribute, OnnxNode } from "../../backends/onnx/graph_types.ts";
import type { BoostedTrees } from "./boosted_trees.ts";

/** The ONNX-ML operator-set domain. */
export const ONNX_ML_DOMAIN = "ai.onnx.ml";
/** The ONNX-ML opset the tree nodes use. */
export const ONNX_ML_OPSET = 3;

/** Leaf weights of one leaf value: `[output index, weight]` pairs. */
type LeafWeights = (output: number, value: number) => readonly (readonly [number, number])[];

/** The `nodes_*` attributes of all trees plus the leaf weights under `prefix` (`class` or `target`). */
function ensembleAttributes(
  model: BoostedTrees,
  prefix: "class" | "target",
  weightsOf: LeafWeights,
): Record<string, OnnxAttribute> {
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    values: [] as number[],
    modes: [] as string[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
  };
  const leaves = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    ids: [] as number[],
    weights: [] as number[],
  };
  const addLeaf = (treeId: number, nodeId: number, output: number, value: number) => {
    for (const [id, weight] of weightsOf(output, value)) {
      leaves.treeIds.push(treeId);
      leaves.nodeIds.push(nodeId);
      leaves.ids.push(id);
      leaves.weights.push(weight);
    }
  };
  const addNode = (
    treeId: number,
    nodeId: number,
    split?: readonly [number, number, number, number, number],
  ) => {
    nodes.treeIds.push(treeId);
    nodes.nodeIds.push(nodeId);
    nodes.featureIds.push(split?.[0] ?? 0);
    nodes.values.push(split?.[1] ?? 0);
    nodes.modes.push(split === undefined ? "LEAF" : "BRANCH_LEQ");
    nodes.trueIds.push(split?.[2] ?? 0);
    nodes.falseIds.push(split?.[3] ?? 0);
    nodes.missingTrue.push(split?.[4] ?? 0);
  };
  // Tree 0: the baseline, one leaf carrying every output's starting score.
  addNode(0, 0);
  for (let output = 0; output < model.outputs; output++) {
    addLeaf(0, 0, output, model.baseline[output]);
  }
  model.trees.forEach((tree, index) => {
    const treeId = index + 1;
    const output = index % model.outputs;
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node] < 0) {
        addNode(treeId, node);
        addLeaf(treeId, node, output, tree.value[node]);
      } else {
        addNode(treeId, node, [
          tree.feature[node],
          tree.threshold[node],
          tree.left[node],
          tree.right[node],
          tree.missingLeft[node],
        ]);
      }
    }
  });
  return {
    nodes_treeids: { ints: nodes.treeIds },
    nodes_nodeids: { ints: nodes.nodeIds },
    nodes_featureids: { ints: nodes.featureIds },
    nodes_values: { floats: nodes.values },
    nodes_modes: { strings: nodes.modes },
    nodes_truenodeids: { ints: nodes.trueIds },
    nodes_falsenodeids: { ints: nodes.falseIds },
    nodes_missing_value_tracks_true: { ints: nodes.missingTrue },
    [`${prefix}_treeids`]: { ints: leaves.treeIds },
    [`${prefix}_nodeids`]: { ints: leaves.nodeIds },
    [`${prefix}_ids`]: { ints: leaves.ids },
    [`${prefix}_weights`]: { floats: leaves.weights },
    post_transform: { s: "NONE" },
  };
}

/**
 * A `TreeEnsembleClassifier` node reading `input` (float32 [N, F]) and
 * writing the predicted class index to `labelOutput` (int64 [N]) and the raw
 * class scores to `scoresOutput` (float32 [N, C]); softmax of the scores is
 * the trainer's class probabilities.
 */
export function treeEnsembleClassifierNode(
  model: BoostedTrees,
  input: string,
  labelOutput: string,
  scoresOutput: string,
): OnnxNode {
  if (model.task.kind !== "classification") {
    throw new TypeError("treeEnsembleClassifierNode needs a classification model");
  }
  const classCount = model.task.classCount;
  const weightsOf: LeafWeights = classCount === 2
    ? (_output, value) => [[0, -value / 2], [1, value / 2]]
    : (output, value) => [[output, value]];
  return {
    name: "trees",
    opType: "TreeEnsembleClassifier",
    domain: ONNX_ML_DOMAIN,
    inputs: [input],
    outputs: [labelOutput, scoresOutput],
    attributes: {
      ...ensembleAttributes(model, "class", weightsOf),
      classlabels_int64s: { ints: Array.from({ length: classCount }, (_, index) => index) },
    },
  };
}

/**
 * A `TreeEnsembleRegressor` node reading `input` (float32 [N, F]) and
 * writing the regression model's prediction to `output` (float32 [N, 1]).
 */
export function treeEnsembleRegressorNode(
  model: BoostedTrees,
  input: string,
  output: string,
): OnnxNode {
  if (model.task.kind !== "regression") {
    throw new TypeError("treeEnsembleRegressorNode needs a regression model");
  }
  return {
    name: "trees",
    opType: "TreeEnsembleRegressor",
    domain: ONNX_ML_DOMAIN,
    inputs: [input],
    outputs: [output],
    attributes: {
      ...ensembleAttributes(model, "target", (_output, value) => [[0, value]]),
      n_targets: { i: 1 },
      aggregate_function: { s: "SUM" },
    },
  };
}
