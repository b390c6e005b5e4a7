/**
 * Bundles the repository makes up for models that have no model.yaml: a bare
 * `model.onnx` (served by the `onnx-tensor` module, which takes tensors, not
 * Modzy files) and a placeholder for a folder that failed to load, so that it
 * can be registered, reported not ready, and explain why.
 *
 * @module
 */
import type { Bundle, ModelSpec } from "../bundle/types.ts";

/** The module id that serves a plain ONNX file. */
export const ONNX_TENSOR_MODULE = "onnx-tensor";

/**
 * A bundle for the ONNX file `dir/model.onnx` served as model `name`,
 * version `version`: module `onnx-tensor` with `config.artifact` `model.onnx`
 * (relative to `dir`), no Modzy input or output files.
 */
export function onnxBundle(name: string, version: string, dir: string): Bundle {
  return {
    dir,
    spec: synthesizedSpec(name, version, {
      id: ONNX_TENSOR_MODULE,
      config: { artifact: "model.onnx" },
    }),
    docker: null,
    testCases: [],
  };
}

/** A bundle standing for the folder `dir` whose model could not even be read. */
export function placeholderBundle(name: string, version: string, dir: string): Bundle {
  return { dir, spec: synthesizedSpec(name, version, null), docker: null, testCases: [] };
}

function synthesizedSpec(name: string, version: string, module: ModelSpec["module"]): ModelSpec {
  return {
    specification: "0.4",
    type: "grpc",
    source: "model repository",
    version,
    name,
    author: "",
    description: { summary: "", details: "", technical: "", performance: "" },
    tags: [],
    metrics: [],
    inputs: new Map(),
    outputs: new Map(),
    resources: { memory: "", cpus: 1, gpus: 0 },
    timeout: { status: "", run: "", statusMs: 0, runMs: 0 },
    features: {
      adversarialDefense: false,
      maxBatchSize: 1,
      retrainable: false,
      resultsFormat: null,
      driftFormat: null,
      explanationFormat: null,
    },
    module,
    missing: [],
    raw: {},
  };
}
