/**
 * The models the OIP door tests serve: an FP32 adder, an FP16 model with two
 * outputs, the embedded iris classifier (tabular tensor face) and a model
 * whose ONNX file is missing (never ready).
 *
 * @module
 */
import { embeddedBundleRoot } from "../../runtime/base/assets.ts";
import { loadBundle } from "../../runtime/bundle/load.ts";
import { OnnxTensorModule } from "../../runtime/modules/onnx_tensor.ts";
import { TabularClassifier } from "../../runtime/modules/tabular_classifier.ts";
import { addModel, float16Model } from "../fixtures/onnx/models.ts";
import type { HostedModel } from "./oip_server.ts";
import { testBundle } from "./test_bundle.ts";

/** add (FP32 x [-1, 3] + [10, 20, 30]), fp16 (copy, sum) and iris (tabular). */
export async function readyModels(): Promise<HostedModel[]> {
  return [
    { name: "add", onnx: addModel() },
    { name: "fp16", onnx: float16Model() },
    {
      name: "iris",
      wrapper: new TabularClassifier(),
      bundle: await loadBundle(embeddedBundleRoot()),
    },
  ];
}

/** A model whose ONNX file does not exist: it fails to load and stays not ready. */
export function brokenModel(): HostedModel {
  const base = testBundle(1);
  return {
    name: "broken",
    wrapper: new OnnxTensorModule(),
    bundle: {
      ...base,
      dir: "/nonexistent/broken-model",
      spec: { ...base.spec, name: "broken", module: { id: "onnx-tensor", config: {} } },
    },
  };
}
