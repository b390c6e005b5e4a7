/**
 * The tensor face of the `tabular-regressor` module, for the Open Inference
 * Protocol. Inputs as the classifier's faces: `features` FP32 [batch, F]
 * for a plain numeric model, else one raw tensor per column (FP32 [batch]
 * for numeric columns, NaN meaning missing; BYTES [batch] for categorical
 * and text columns), encoded through the bundle's feature pipeline. One
 * output: `prediction` FP32 [batch, 1], the graph's own output.
 *
 * @module
 */
import type { OnnxSession } from "../backends/onnx/session.ts";
import type { Tensor, TensorModel } from "../model/tensors.ts";
import { FEATURES_INPUT } from "./probability_model.ts";
import { PREDICTION_OUTPUT, runPredictions } from "./regression_model.ts";
import { columnRows, columnSignatures } from "./tabular_columns_face.ts";
import type { TabularRegressorConfig } from "./tabular_config.ts";
import { emptyTextValues, encodeRowInto, isPlainNumeric, textFeeds } from "./tabular_pipeline.ts";

/** The `prediction` tensor of `rows` predictions. */
function predictionTensor(predictions: Float32Array, rows: number): Tensor {
  return { name: PREDICTION_OUTPUT, datatype: "FP32", shape: [rows, 1], data: predictions };
}

/**
 * The tensor face over an open regressor `session` described by `config`:
 * the plain `features` matrix when every column is plain numeric, else one
 * tensor per column. Requests reaching `infer` have been checked by the core
 * against the declared tensors.
 */
export function tabularRegressorTensorModel(
  session: OnnxSession,
  config: TabularRegressorConfig,
): TensorModel {
  const outputs = [{ name: PREDICTION_OUTPUT, datatype: "FP32" as const, shape: [-1, 1] }];
  const width = config.width;
  if (isPlainNumeric(config.pipeline)) {
    return {
      inputs: [{ name: FEATURES_INPUT, datatype: "FP32", shape: [-1, width] }],
      outputs,
      async infer(inputs) {
        const features = inputs.find((tensor) => tensor.name === FEATURES_INPUT)!;
        const rows = features.shape[0];
        const predictions = rows === 0
          ? new Float32Array(0)
          : await runPredictions(session, features.data as Float32Array, rows, width);
        return [predictionTensor(predictions, rows)];
      },
    };
  }
  return {
    inputs: columnSignatures(config),
    outputs,
    async infer(inputs) {
      const rows = columnRows(config, inputs);
      const buffer = new Float32Array(rows.length * width);
      const texts = emptyTextValues(config.pipeline);
      rows.forEach((row, index) =>
        encodeRowInto(config.pipeline, row, buffer, index * width, `row ${index}`, texts)
      );
      const predictions = rows.length === 0 ? new Float32Array(0) : await runPredictions(
        session,
        buffer,
        rows.length,
        width,
        textFeeds(config.pipeline, texts),
      );
      return [predictionTensor(predictions, rows.length)];
    },
  };
}
