/**
 * ONNX export of gradient-boosted trees, checked in real onnxruntime
 * sessions: the classifier graph (TreeEnsembleClassifier + Softmax, the
 * same `features` in and `probabilities` out as the other families) and the
 * regressor graph (TreeEnsembleRegressor, `prediction` [batch, 1]) give the
 * trainer's own numbers on two- and three-class data with missing values,
 * on values lying exactly on a threshold or one float32 step either side,
 * and for a model that is only its baseline.
 */
import assert from "node:assert/strict";
import { encodeOnnxModel } from "../../../runtime/backends/onnx/model_writer.ts";
import { onnxMessageType } from "../../../runtime/backends/onnx/onnx_schema.ts";
import { Tensor } from "../../../runtime/backends/onnx/ort.ts";
import { OnnxSession } from "../../../runtime/backends/onnx/session.ts";
import { PREDICTION_OUTPUT } from "../../../runtime/modules/regression_model.ts";
import { treesClassifierSpec, treesRegressionSpec } from "../../../runtime/train/tree_export.ts";
import {
  type BoostedTrees,
  predictClassProbabilities,
  predictValues,
} from "../../../runtime/train/trees/boosted_trees.ts";
import {
  BOOSTING_DEFAULTS,
  fitGradientBoosting,
} from "../../../runtime/train/trees/fit_boosting.ts";
import { seededRandom } from "../../../runtime/train/random.ts";
import { verifyExport } from "../../../runtime/train/verify_export.ts";

const WIDTH = 4;
const COUNT = 1500;
const ROWS = Array.from({ length: COUNT }, (_, i) => i);

/** Four features, 5% missing, and the three kinds of target derived from them. */
function data() {
  const random = seededRandom(21);
  const features = Float64Array.from(
    { length: COUNT * WIDTH },
    () => (random() < 0.05 ? NaN : random() * 4 - 2),
  );
  const at = (row: number, f: number) => features[row * WIDTH + f] || 0;
  return {
    features,
    binary: Int32Array.from(ROWS, (row) => (at(row, 0) * at(row, 1) > 0 ? 1 : 0)),
    multi: Int32Array.from(
      ROWS,
      (row) => (Math.hypot(at(row, 0), at(row, 1)) < 1 ? 0 : at(row, 2) > 0 ? 1 : 2),
    ),
    values: Float64Array.from(ROWS, (row) => 3 * Math.sin(at(row, 0)) + at(row, 1) * at(row, 3)),
  };
}

function fitOn(features: Float64Array, targets: ArrayLike<number>, classCount: number) {
  return fitGradientBoosting({
    features,
    width: WIDTH,
    targets,
    task: classCount > 0 ? { kind: "classification", classCount } : { kind: "regression" },
    fitRows: ROWS.filter((i) => i % 10 !== 0),
    validationRows: ROWS.filter((i) => i % 10 === 0),
  }).model;
}

const about = (classLabels: string[]) => ({
  name: "trees",
  featureNames: ["a", "b", "c", "d"],
  classLabels,
  labelName: "label",
});

/** Every threshold of the model, and one float32 step below and above it, in every feature. */
function boundaryRows(model: BoostedTrees): Float64Array {
  const values: number[] = [];
  const step = new Float32Array(1);
  const bits = new Int32Array(step.buffer);
  for (const tree of model.trees) {
    tree.threshold.forEach((threshold, node) => {
      if (tree.feature[node] < 0 || !Number.isFinite(threshold)) return;
      step[0] = threshold;
      bits[0] += threshold >= 0 ? -1 : 1;
      const below = step[0];
      bits[0] += threshold >= 0 ? 2 : -2;
      values.push(threshold, below, step[0]);
    });
  }
  return Float64Array.from({ length: values.length * WIDTH }, (_, i) => values[i % values.length]);
}

async function run(bytes: Uint8Array, features: Float64Array, output: string) {
  const session = await OnnxSession.openBytes(bytes);
  try {
    const rows = features.length / WIDTH;
    const feeds = { features: new Tensor("float32", Float32Array.from(features), [rows, WIDTH]) };
    const result = (await session.run(feeds))[output];
    return { data: result.data as Float32Array, dims: result.dims };
  } finally {
    await session.close();
  }
}

function largestDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length);
  let largest = 0;
  for (let i = 0; i < expected.length; i++) {
    largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
  }
  return largest;
}

Deno.test("tree export: the classifier graph's frame, opsets and nodes", () => {
  const { features, multi } = data();
  const model = fitOn(features, multi, 3);
  const type = onnxMessageType("ModelProto");
  const decoded = type.toObject(
    type.decode(encodeOnnxModel(treesClassifierSpec(model, about(["p", "q", "r"])))),
    { longs: Number },
  ) as {
    opset_import: { domain?: string; version: number }[];
    metadata_props: { key: string; value: string }[];
    graph: {
      node: { op_type: string; domain?: string }[];
      input: { name: string }[];
      output: { name: string }[];
    };
  };
  assert.deepEqual(
    decoded.opset_import.map((entry) => [entry.domain ?? "", entry.version]),
    [["", 17], ["ai.onnx.ml", 3]],
  );
  assert.deepEqual(
    decoded.graph.node.map((node) => [node.op_type, node.domain ?? ""]),
    [["TreeEnsembleClassifier", "ai.onnx.ml"], ["Softmax", ""]],
  );
  assert.deepEqual(decoded.graph.input.map((value) => value.name), ["features"]);
  assert.deepEqual(decoded.graph.output.map((value) => value.name), ["probabilities"]);
  const metadata = Object.fromEntries(decoded.metadata_props.map((p) => [p.key, p.value]));
  assert.deepEqual(JSON.parse(metadata.labels), ["p", "q", "r"]);
  assert.equal(metadata.model_kind, "gradient-boosted-trees");
  assert.throws(() => treesRegressionSpec(model, about([])), TypeError);
});

Deno.test("tree export: onnxruntime gives the trainer's probabilities (2 and 3 classes, missing values, boundaries)", async () => {
  const { features, binary, multi } = data();
  for (const [targets, labels] of [[binary, ["no", "yes"]], [multi, ["p", "q", "r"]]] as const) {
    const model = fitOn(features, targets, labels.length);
    const bytes = encodeOnnxModel(treesClassifierSpec(model, about([...labels])));
    const session = await OnnxSession.openBytes(bytes);
    try {
      assert.deepEqual(session.outputs.map((info) => [info.name, info.type, info.shape]), [
        ["probabilities", "float32", [-1, labels.length]],
      ]);
      const check = await verifyExport(
        session,
        features,
        COUNT,
        predictClassProbabilities(model, features, ROWS),
        labels,
      );
      assert.ok(check.maxDifference < 1e-6, `${labels.length} classes: ${check.maxDifference}`);
    } finally {
      await session.close();
    }
    const edges = boundaryRows(model);
    const edgeRows = Array.from({ length: edges.length / WIDTH }, (_, i) => i);
    const { data: actual } = await run(bytes, edges, "probabilities");
    const expected = predictClassProbabilities(model, edges, edgeRows);
    assert.ok(largestDifference(actual, expected) < 1e-6, "rows on and next to thresholds");
  }
});

Deno.test("tree export: the regressor writes the trainer's prediction as float32 [batch, 1]", async () => {
  const { features, values } = data();
  const model = fitOn(features, values, 0);
  const bytes = encodeOnnxModel(treesRegressionSpec(model, {
    name: "surface",
    featureNames: ["a", "b", "c", "d"],
    labelName: "y",
  }));
  const { data: actual, dims } = await run(bytes, features, PREDICTION_OUTPUT);
  assert.deepEqual(dims, [COUNT, 1]);
  const expected = predictValues(model, features, ROWS);
  assert.ok(largestDifference(actual, expected) < 1e-4, "within float32 summation error");
  const edges = boundaryRows(model);
  const edgeRows = Array.from({ length: edges.length / WIDTH }, (_, i) => i);
  const onEdges = await run(bytes, edges, PREDICTION_OUTPUT);
  assert.ok(largestDifference(onEdges.data, predictValues(model, edges, edgeRows)) < 1e-4);
});

Deno.test("tree export: a model that is only its baseline exports and runs", async () => {
  const { features } = data();
  const constant = fitGradientBoosting({
    features,
    width: WIDTH,
    targets: new Float64Array(COUNT).fill(2.5),
    task: { kind: "regression" },
    fitRows: ROWS,
  }).model;
  const bytes = encodeOnnxModel(treesRegressionSpec(constant, {
    name: "flat",
    featureNames: ["a", "b", "c", "d"],
    labelName: "y",
  }));
  const { data: actual } = await run(bytes, features.subarray(0, 3 * WIDTH), PREDICTION_OUTPUT);
  assert.deepEqual([...actual], [2.5, 2.5, 2.5]);
  const binary = fitGradientBoosting({
    features,
    width: WIDTH,
    targets: Int32Array.from(ROWS, (row) => (row < 300 ? 1 : 0)),
    task: { kind: "classification", classCount: 2 },
    fitRows: ROWS,
  }, { ...BOOSTING_DEFAULTS, maxRounds: 0 }).model;
  assert.equal(binary.trees.length, 0);
  const probabilities = await run(
    encodeOnnxModel(treesClassifierSpec(binary, about(["no", "yes"]))),
    features.subarray(0, WIDTH),
    "probabilities",
  );
  assert.ok(Math.abs(probabilities.data[1] - 0.2) < 1e-6, `${probabilities.data}`);
});
