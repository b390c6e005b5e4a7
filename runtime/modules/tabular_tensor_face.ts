/**
 * The tensor face of the `tabular-classifier` module, for the Open Inference
 * Protocol. Design: the model takes one input, `features` FP32 [batch, F]
 * (F = the width of the ONNX graph's `features` input — the bundle's feature
 * columns in `module.config.features` order, after any preprocessing the
 * module applies to files — exactly as the graph takes them), and answers two outputs:
 * `probabilities` FP32 [batch, C] (classes in `module.config.labels` order)
 * and `label` BYTES [batch], each row's most likely class. Named feature
 * columns are the Modzy door's job (input.json); the tensor face stays the
 * graph's single matrix so one request carries a whole batch.
 *
 * @module
 */
import type { OnnxSession } from "../backends/onnx/session.ts";
import type { Tensor, TensorModel } from "../model/tensors.ts";
import { FEATURES_INPUT, PROBABILITIES_OUTPUT, runProbabilities } from "./probability_model.ts";
import type { TabularClassifierConfig } from "./tabular_config.ts";

/** Name of the output holding each row's predicted class label. */
export const LABEL_OUTPUT = "label";

const utf8 = new TextEncoder();

/**
 * The tensor face over an open classifier `session` described by `config`.
 * Requests reaching `infer` have been checked by the core against the
 * declared tensors.
 */
export function tabularTensorModel(
  session: OnnxSession,
  config: TabularClassifierConfig,
): TensorModel {
  const declaredWidth = session.inputs.find((info) => info.name === FEATURES_INPUT)?.shape[1] ?? -1;
  const featureCount = declaredWidth > 0 ? declaredWidth : config.features.length;
  const classCount = config.labels.length;
  const labelBytes = config.labels.map((label) => utf8.encode(label));
  return {
    inputs: [{ name: FEATURES_INPUT, datatype: "FP32", shape: [-1, featureCount] }],
    outputs: [
      { name: PROBABILITIES_OUTPUT, datatype: "FP32", shape: [-1, classCount] },
      { name: LABEL_OUTPUT, datatype: "BYTES", shape: [-1] },
    ],
    async infer(inputs, outputNames) {
      const features = inputs.find((tensor) => tensor.name === FEATURES_INPUT)!;
      const rows = features.shape[0];
      const probabilities = rows === 0 ? new Float32Array(0) : await runProbabilities(
        session,
        features.data as Float32Array,
        rows,
        featureCount,
        classCount,
      );
      const labels: Uint8Array[] = [];
      for (let row = 0; row < rows; row++) {
        let best = 0;
        for (let column = 1; column < classCount; column++) {
          if (probabilities[row * classCount + column] > probabilities[row * classCount + best]) {
            best = column;
          }
        }
        labels.push(labelBytes[best]);
      }
      const all: Record<string, Tensor> = {
        [PROBABILITIES_OUTPUT]: {
          name: PROBABILITIES_OUTPUT,
          datatype: "FP32",
          shape: [rows, classCount],
          data: probabilities,
        },
        [LABEL_OUTPUT]: { name: LABEL_OUTPUT, datatype: "BYTES", shape: [rows], data: labels },
      };
      const wanted = outputNames.length > 0 ? outputNames : [PROBABILITIES_OUTPUT, LABEL_OUTPUT];
      return wanted.map((name) => all[name]);
    },
  };
}
