/**
 * In-process throughput, the ceiling the server is compared with: the iris
 * ONNX model run by onnxruntime directly (one row per call, back to back),
 * and the serving module's whole per-item path (parse, run, format) without
 * any transport.
 *
 * @module
 */
import { loadBundle } from "../../runtime/bundle/load.ts";
import { embeddedBundleRoot, projectPath } from "../../runtime/base/assets.ts";
import { OnnxSession } from "../../runtime/backends/onnx/session.ts";
import { Tensor } from "../../runtime/backends/onnx/ort.ts";
import { TabularClassifier } from "../../runtime/modules/tabular_classifier.ts";
import { IRIS_FEATURES, IRIS_INPUT } from "./wire.ts";

/** Calls per second of `work` run back to back for `seconds`. */
async function rate(seconds: number, work: () => Promise<unknown>): Promise<number> {
  const warmup = performance.now() + 200;
  while (performance.now() < warmup) await work();
  let calls = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  while (performance.now() < end) {
    await work();
    calls++;
  }
  return calls / ((performance.now() - started) / 1000);
}

/** In-process figures. */
export interface InProcessResult {
  /** onnxruntime runs per second at batch 1. */
  readonly ortRunsPerSec: number;
  /** Rows per second through onnxruntime at batch 64. */
  readonly ortRowsPerSecBatch64: number;
  /** Items per second through the tabular-classifier module, one item per call. */
  readonly moduleItemsPerSec: number;
}

/** Measures onnxruntime and the serving module in this process. */
export async function measureInProcess(seconds: number): Promise<InProcessResult> {
  const session = await OnnxSession.open(projectPath("asset_bundle", "0.1.0", "model.onnx"));
  const one = new Float32Array(IRIS_FEATURES);
  const ortRunsPerSec = await rate(
    seconds,
    () => session.run({ features: new Tensor("float32", one, [1, 4]) }, ["probabilities"]),
  );
  const many = new Float32Array(64 * 4).map((_, i) => IRIS_FEATURES[i % 4]);
  const batchRate = await rate(
    seconds,
    () => session.run({ features: new Tensor("float32", many, [64, 4]) }, ["probabilities"]),
  );
  await session.close();
  const module = new TabularClassifier();
  await module.initialize({ bundle: await loadBundle(embeddedBundleRoot()) });
  const item = new Map([["input.json", IRIS_INPUT]]);
  const flags = { detectDrift: false, explain: false };
  const moduleItemsPerSec = await rate(seconds, () => module.handleInput(item, flags));
  await module.close();
  return { ortRunsPerSec, ortRowsPerSecBatch64: batchRate * 64, moduleItemsPerSec };
}
