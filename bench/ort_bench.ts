/**
 * onnxruntime on the embedded iris model at batch 1, 8 and 64 with the
 * tabular classifier's session settings: the per-call cost batching saves.
 */
import { projectPath } from "../runtime/base/assets.ts";
import { Tensor } from "../runtime/backends/onnx/ort.ts";
import { OnnxSession } from "../runtime/backends/onnx/session.ts";
import { SMALL_MODEL_SESSION_OPTIONS } from "../runtime/backends/onnx/session_settings.ts";

const session = await OnnxSession.open(
  projectPath("asset_bundle", "0.1.0", "model.onnx"),
  SMALL_MODEL_SESSION_OPTIONS,
);
const outputs = ["probabilities"];

for (const rows of [1, 8, 64]) {
  const data = new Float32Array(rows * 4).fill(1);
  Deno.bench(
    `onnxruntime iris run, batch ${rows}`,
    { group: "ort", baseline: rows === 1 },
    async () => {
      await session.run({ features: new Tensor("float32", data, [rows, 4]) }, outputs);
    },
  );
}
