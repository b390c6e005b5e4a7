/**
 * Describes a fitted softmax regression as an ONNX graph (opset 17, IR 8):
 * `features` float32 [batch, F] -> Sub(mean) -> Div(scale) -> MatMul(W) ->
 * Add(b) -> Softmax(axis=1) -> `probabilities` float32 [batch, C]. Feature
 * names and class labels travel in `metadata_props` as JSON arrays.
 *
 * @module
 */
import { encodeOnnxModel } from "../backends/onnx/model_writer.ts";
import type { OnnxGraph, OnnxModelSpec } from "../backends/onnx/graph_types.ts";
import { FEATURES_INPUT, PROBABILITIES_OUTPUT } from "../modules/probability_model.ts";
import type { SoftmaxModel } from "./softmax_regression.ts";
import type { MlpModel } from "./mlp.ts";
import type { Standardizer } from "./standardizer.ts";

/** Producer name written into exported models. */
export const PRODUCER_NAME = "model-runtime-trainer";
/** Producer version written into exported models (bump when the export changes). */
export const PRODUCER_VERSION = "0.1.0";

/** What the exported model carries besides its weights. */
export interface ExportDescription {
  /** Model name, used as the graph name. */
  readonly name: string;
  /** Feature names in input column order. */
  readonly featureNames: readonly string[];
  /** Class labels in output column order. */
  readonly classLabels: readonly string[];
  /** Name of the CSV label column. */
  readonly labelName: string;
  /**
   * A note on the inputs when they are not the raw numeric columns (one-hot,
   * hashed text, imputation), written to the metadata as `input_encoding`.
   */
  readonly inputEncoding?: string;
}

/** Builds the plain ONNX model description of `model`. */
export function softmaxModelSpec(model: SoftmaxModel, about: ExportDescription): OnnxModelSpec {
  const { featureCount: f, classCount: c } = model;
  return classifierSpec(about, {
    featureCount: f,
    classCount: c,
    kind: "multinomial-logistic-regression",
    doc: `Multinomial logistic regression over ${f} standardised features, ${c} classes.`,
    initializers: [
      { name: "weights", type: "float32", dims: [f, c], values: model.weights },
      { name: "bias", type: "float32", dims: [c], values: model.bias },
    ],
    nodes: [
      { name: "project", opType: "MatMul", inputs: ["scaled", "weights"], outputs: ["projected"] },
      { name: "offset", opType: "Add", inputs: ["projected", "bias"], outputs: ["logits"] },
    ],
  }, model.standardizer);
}

/** Encodes `model` as the bytes of a `.onnx` file. */
export function exportSoftmaxModel(model: SoftmaxModel, about: ExportDescription): Uint8Array {
  return encodeOnnxModel(softmaxModelSpec(model, about));
}

/**
 * Builds the ONNX description of an MLP: `features` -> Sub(mean) ->
 * Div(scale) -> MatMul(W1) -> Add(b1) -> Relu -> MatMul(W2) -> Add(b2) ->
 * Softmax(axis=1) -> `probabilities`.
 */
export function mlpModelSpec(model: MlpModel, about: ExportDescription): OnnxModelSpec {
  const { featureCount: f, hiddenUnits: h, classCount: c } = model;
  return classifierSpec(about, {
    featureCount: f,
    classCount: c,
    kind: "multi-layer-perceptron",
    doc: `Multi-layer perceptron over ${f} standardised inputs: ${h} ReLU units, ${c} classes.`,
    initializers: [
      { name: "w1", type: "float32", dims: [f, h], values: model.w1 },
      { name: "b1", type: "float32", dims: [h], values: model.b1 },
      { name: "w2", type: "float32", dims: [h, c], values: model.w2 },
      { name: "b2", type: "float32", dims: [c], values: model.b2 },
    ],
    nodes: [
      { name: "hidden", opType: "MatMul", inputs: ["scaled", "w1"], outputs: ["hidden_linear"] },
      {
        name: "hidden_bias",
        opType: "Add",
        inputs: ["hidden_linear", "b1"],
        outputs: ["hidden_pre"],
      },
      { name: "relu", opType: "Relu", inputs: ["hidden_pre"], outputs: ["hidden_out"] },
      { name: "output", opType: "MatMul", inputs: ["hidden_out", "w2"], outputs: ["projected"] },
      { name: "output_bias", opType: "Add", inputs: ["projected", "b2"], outputs: ["logits"] },
    ],
  }, model.standardizer);
}

/** The layers between the standardised input (`scaled`) and the `logits`. */
interface ClassifierLayers {
  readonly featureCount: number;
  readonly classCount: number;
  /** `model_kind` in the metadata. */
  readonly kind: string;
  /** The model's documentation string. */
  readonly doc: string;
  readonly initializers: OnnxGraph["initializers"];
  readonly nodes: OnnxGraph["nodes"];
}

/**
 * Every exported classifier's frame: producer, opset, metadata, the
 * `features` input standardised by `mean`/`scale`, the model's own layers,
 * and Softmax(axis=1) to `probabilities`.
 */
function classifierSpec(
  about: ExportDescription,
  layers: ClassifierLayers,
  standardizer: Standardizer,
): OnnxModelSpec {
  const { featureCount: f, classCount: c } = layers;
  return {
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    irVersion: 8,
    opsets: [{ domain: "", version: 17 }],
    doc: layers.doc,
    metadata: {
      feature_names: JSON.stringify(about.featureNames),
      labels: JSON.stringify(about.classLabels),
      label_column: about.labelName,
      model_kind: layers.kind,
      ...(about.inputEncoding ? { input_encoding: about.inputEncoding } : {}),
    },
    graph: {
      name: about.name,
      inputs: [{ name: FEATURES_INPUT, type: "float32", shape: ["batch", f] }],
      outputs: [{ name: PROBABILITIES_OUTPUT, type: "float32", shape: ["batch", c] }],
      initializers: [
        { name: "mean", type: "float32", dims: [f], values: standardizer.mean },
        { name: "scale", type: "float32", dims: [f], values: standardizer.scale },
        ...layers.initializers,
      ],
      nodes: [
        { name: "centre", opType: "Sub", inputs: [FEATURES_INPUT, "mean"], outputs: ["centred"] },
        { name: "standardise", opType: "Div", inputs: ["centred", "scale"], outputs: ["scaled"] },
        ...layers.nodes,
        {
          name: "softmax",
          opType: "Softmax",
          inputs: ["logits"],
          outputs: [PROBABILITIES_OUTPUT],
          attributes: { axis: { i: 1 } },
        },
      ],
    },
  };
}
