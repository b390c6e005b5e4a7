/**
 * Bundles the repository makes up for models that have no model.yaml: a bare
 * model file (served by the module its backend names — for ONNX,
 * `onnx-tensor`, which takes tensors, not Modzy files) and a placeholder for
 * a folder that failed to load, so that it can be registered, reported not
 * ready, and explain why.
 *
 * @module
 */
import type { Bundle, ModelSpec } from "../bundle/types.ts";
import type { ModelFile } from "./scan.ts";

/**
 * A bundle for the model file `dir/<file.name>` served as model `name`,
 * version `version`: the module its backend serves a bare file with (for
 * ONNX, `onnx-tensor` with `config.artifact` the file name, relative to
 * `dir`), no Modzy input or output files.
 */
export function modelFileBundle(
  name: string,
  version: string,
  dir: string,
  file: ModelFile,
): Bundle {
  return {
    dir,
    spec: synthesizedSpec(name, version, file.backend.servingModule(file.name)),
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
