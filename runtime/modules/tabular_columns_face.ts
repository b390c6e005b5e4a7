/**
 * The tensor face of a tabular classifier whose inputs are not plain numbers
 * (one-hot, hashed text, imputation): one input tensor per raw column, named
 * after the column — FP32 [batch] for a numeric column (NaN is a missing
 * value: imputed when the column had gaps in training, an error otherwise),
 * BYTES [batch] (UTF-8) for categorical and text columns. The rows go
 * through the same feature pipeline as `input.json` ({@link encodeRowInto}),
 * then one onnxruntime call; outputs as the plain face: `probabilities` FP32
 * [batch, C] and `label` BYTES [batch]. Clients send raw values, never
 * hashed vectors.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import type { Tensor, TensorModel, TensorSignature } from "../model/tensors.ts";
import { PROBABILITIES_OUTPUT, runProbabilities } from "./probability_model.ts";
import type { TabularClassifierConfig } from "./tabular_config.ts";
import { emptyTextValues, encodeRowInto, textFeeds } from "./tabular_pipeline.ts";
import { LABEL_OUTPUT } from "./tabular_tensor_face.ts";

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** The per-column input signatures of `config`'s pipeline. */
export function columnSignatures(
  config: Pick<TabularClassifierConfig, "pipeline">,
): TensorSignature[] {
  return config.pipeline.columns.map((column) => ({
    name: column.name,
    datatype: column.kind === "numeric" ? "FP32" : "BYTES",
    shape: [-1],
  }));
}

/**
 * The rows of a request (one tensor per column) as raw JSON-like values,
 * checking batch sizes and UTF-8; a NaN numeric value becomes null (missing).
 */
export function columnRows(
  config: Pick<TabularClassifierConfig, "pipeline">,
  inputs: readonly Tensor[],
): Record<string, unknown>[] {
  const byName = new Map(inputs.map((tensor) => [tensor.name, tensor]));
  const sizes = new Set(inputs.map((tensor) => tensor.shape[0]));
  if (sizes.size > 1) {
    throw badRequest(
      `every column tensor needs the same batch size; got ${
        inputs.map((tensor) => `'${tensor.name}' ${tensor.shape[0]}`).join(", ")
      }`,
    );
  }
  const batch = inputs[0]?.shape[0] ?? 0;
  const rows: Record<string, unknown>[] = Array.from({ length: batch }, () => ({}));
  for (const column of config.pipeline.columns) {
    const tensor = byName.get(column.name)!;
    for (let row = 0; row < batch; row++) {
      if (column.kind === "numeric") {
        const value = (tensor.data as Float32Array)[row];
        rows[row][column.name] = Number.isNaN(value) ? null : value;
      } else {
        try {
          rows[row][column.name] = utf8Decoder.decode((tensor.data as readonly Uint8Array[])[row]);
        } catch {
          throw badRequest(`input '${column.name}': row ${row} is not valid UTF-8`);
        }
      }
    }
  }
  return rows;
}

/** The per-column tensor face over an open classifier `session`. */
export function tabularColumnsTensorModel(
  session: OnnxSession,
  config: TabularClassifierConfig,
): TensorModel {
  const classCount = config.labels.length;
  const labelBytes = config.labels.map((label) => utf8Encoder.encode(label));
  return {
    inputs: columnSignatures(config),
    outputs: [
      { name: PROBABILITIES_OUTPUT, datatype: "FP32", shape: [-1, classCount] },
      { name: LABEL_OUTPUT, datatype: "BYTES", shape: [-1] },
    ],
    async infer(inputs, outputNames) {
      const rows = columnRows(config, inputs);
      const buffer = new Float32Array(rows.length * config.width);
      const texts = emptyTextValues(config.pipeline);
      rows.forEach((row, index) =>
        encodeRowInto(config.pipeline, row, buffer, index * config.width, `row ${index}`, texts)
      );
      const probabilities = rows.length === 0 ? new Float32Array(0) : await runProbabilities(
        session,
        buffer,
        rows.length,
        config.width,
        classCount,
        textFeeds(config.pipeline, texts),
      );
      const labels = rows.map((_, row) => {
        let best = 0;
        for (let c = 1; c < classCount; c++) {
          if (probabilities[row * classCount + c] > probabilities[row * classCount + best]) {
            best = c;
          }
        }
        return labelBytes[best];
      });
      const all: Record<string, Tensor> = {
        [PROBABILITIES_OUTPUT]: {
          name: PROBABILITIES_OUTPUT,
          datatype: "FP32",
          shape: [rows.length, classCount],
          data: probabilities,
        },
        [LABEL_OUTPUT]: {
          name: LABEL_OUTPUT,
          datatype: "BYTES",
          shape: [rows.length],
          data: labels,
        },
      };
      const wanted = outputNames.length > 0 ? outputNames : [PROBABILITIES_OUTPUT, LABEL_OUTPUT];
      return wanted.map((name) => all[name]);
    },
  };
}
