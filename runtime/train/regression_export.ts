/**
 * Describes a fitted regressor as an ONNX graph (opset 17, IR 8):
 * `features` float32 [batch, F] -> Sub(mean) -> Div(scale) -> the model's
 * layers -> `raw` [batch, 1] on the standardised target scale -> Mul(target
 * scale) -> Add(target mean) -> `prediction` float32 [batch, 1], so the
 * graph answers in the target's unit (prediction = raw * std + mean). Ridge
 * is MatMul + Add; the MLP adds a hidden ReLU layer. Feature names, the
 * label column and the target's mean and scale travel in `metadata_props`.
 *
 * @module
 */
import type { OnnxGraph, OnnxModelSpec } from "../backends/onnx/graph_types.ts";
import { FEATURES_INPUT } from "../modules/probability_model.ts";
import { PREDICTION_OUTPUT } from "../modules/regression_model.ts";
import type { MlpRegressorModel } from "./mlp_regressor.ts";
import { PRODUCER_NAME, PRODUCER_VERSION } from "./onnx_export.ts";
import type { RidgeModel, TargetScaler } from "./ridge_regression.ts";
import type { Standardizer } from "./standardizer.ts";

/** What an exported regressor carries besides its weights. */
export interface RegressorDescription {
  /** Model name, used as the graph name. */
  readonly name: string;
  /** Feature names in input column order. */
  readonly featureNames: readonly string[];
  /** Name of the CSV label (target) column. */
  readonly labelName: string;
  /** A note on the inputs when they are not the raw numeric columns, as `input_encoding`. */
  readonly inputEncoding?: string;
}

/** The ONNX description of a ridge model: MatMul(w) -> Add(b) between scaling steps. */
export function ridgeModelSpec(model: RidgeModel, about: RegressorDescription): OnnxModelSpec {
  const f = model.featureCount;
  return regressorSpec(
    about,
    {
      featureCount: f,
      kind: "ridge-regression",
      doc: `Ridge regression over ${f} standardised features; the target is standardised ` +
        `inside the graph (prediction = raw * ${model.target.scale} + ${model.target.mean}).`,
      initializers: [
        { name: "weights", type: "float32", dims: [f, 1], values: model.weights },
        { name: "bias", type: "float32", dims: [1], values: [model.bias] },
      ],
      nodes: [
        {
          name: "project",
          opType: "MatMul",
          inputs: ["scaled", "weights"],
          outputs: ["projected"],
        },
        { name: "offset", opType: "Add", inputs: ["projected", "bias"], outputs: ["raw"] },
      ],
    },
    model.standardizer,
    model.target,
  );
}

/** The ONNX description of an MLP regressor: a hidden ReLU layer, then one linear output. */
export function mlpRegressorSpec(
  model: MlpRegressorModel,
  about: RegressorDescription,
): OnnxModelSpec {
  const { featureCount: f, hiddenUnits: h } = model;
  return regressorSpec(
    about,
    {
      featureCount: f,
      kind: "multi-layer-perceptron-regressor",
      doc: `Multi-layer perceptron regressor over ${f} standardised inputs: ${h} ReLU units, ` +
        `one linear output on the standardised target (prediction = raw * ` +
        `${model.target.scale} + ${model.target.mean}).`,
      initializers: [
        { name: "w1", type: "float32", dims: [f, h], values: model.w1 },
        { name: "b1", type: "float32", dims: [h], values: model.b1 },
        { name: "w2", type: "float32", dims: [h, 1], values: model.w2 },
        { name: "b2", type: "float32", dims: [1], values: model.b2 },
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
        { name: "output_bias", opType: "Add", inputs: ["projected", "b2"], outputs: ["raw"] },
      ],
    },
    model.standardizer,
    model.target,
  );
}

/** The layers between the standardised input (`scaled`) and the standardised output (`raw`). */
interface RegressorLayers {
  readonly featureCount: number;
  /** `model_kind` in the metadata. */
  readonly kind: string;
  /** The model's documentation string. */
  readonly doc: string;
  readonly initializers: OnnxGraph["initializers"];
  readonly nodes: OnnxGraph["nodes"];
}

/** Every exported regressor's frame: input scaling, the layers, target de-standardisation. */
function regressorSpec(
  about: RegressorDescription,
  layers: RegressorLayers,
  standardizer: Standardizer,
  target: TargetScaler,
): OnnxModelSpec {
  const f = layers.featureCount;
  return {
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    irVersion: 8,
    opsets: [{ domain: "", version: 17 }],
    doc: layers.doc,
    metadata: {
      feature_names: JSON.stringify(about.featureNames),
      label_column: about.labelName,
      model_kind: layers.kind,
      task: "regression",
      target_mean: String(target.mean),
      target_scale: String(target.scale),
      ...(about.inputEncoding ? { input_encoding: about.inputEncoding } : {}),
    },
    graph: {
      name: about.name,
      inputs: [{ name: FEATURES_INPUT, type: "float32", shape: ["batch", f] }],
      outputs: [{ name: PREDICTION_OUTPUT, type: "float32", shape: ["batch", 1] }],
      initializers: [
        { name: "mean", type: "float32", dims: [f], values: standardizer.mean },
        { name: "scale", type: "float32", dims: [f], values: standardizer.scale },
        ...layers.initializers,
        { name: "target_scale", type: "float32", dims: [1], values: [target.scale] },
        { name: "target_mean", type: "float32", dims: [1], values: [target.mean] },
      ],
      nodes: [
        { name: "centre", opType: "Sub", inputs: [FEATURES_INPUT, "mean"], outputs: ["centred"] },
        { name: "standardise", opType: "Div", inputs: ["centred", "scale"], outputs: ["scaled"] },
        ...layers.nodes,
        {
          name: "rescale",
          opType: "Mul",
          inputs: ["raw", "target_scale"],
          outputs: ["rescaled"],
        },
        {
          name: "recentre",
          opType: "Add",
          inputs: ["rescaled", "target_mean"],
          outputs: [PREDICTION_OUTPUT],
        },
      ],
    },
  };
}
