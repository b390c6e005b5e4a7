/**
 * The model.yaml (Modzy specification 0.4) and docker_metadata.yaml
 * documents of a scaffolded bundle — served by the `onnx-tensor` module, or
 * by its own model code with `--wrapper` — filled from the ONNX file's
 * declared tensors.
 *
 * @module
 */
import { urlSafeName } from "../core/model_names.ts";
import { formatShape } from "../core/tensor_checks.ts";
import type { TensorSignature } from "../model/tensors.ts";
import { ONNX_BACKEND } from "../backends/onnx/descriptor.ts";

/** File names inside a scaffolded bundle (the model file is the ONNX backend's). */
export const SCAFFOLD_FILES: {
  readonly model: string;
  readonly input: "input.json";
  readonly output: "results.json";
} = {
  model: ONNX_BACKEND.modelFile,
  input: "input.json",
  output: "results.json",
};

/** What the documents describe. */
export interface ScaffoldFacts {
  /** Model name. */
  readonly name: string;
  /** Bundle version x.y.z. */
  readonly version: string;
  /** The ONNX file's name as given (no folder). */
  readonly sourceFile: string;
  /** Declared inputs. */
  readonly inputs: readonly TensorSignature[];
  /** Declared outputs. */
  readonly outputs: readonly TensorSignature[];
  /** The bundle's own model code (`--wrapper`: model.ts) instead of the onnx-tensor module. */
  readonly code?: string;
}

const describe = (list: readonly TensorSignature[]) =>
  list.map((t) => `'${t.name}' ${t.datatype} ${formatShape(t.shape)}`).join(", ");

/** True when every input and output has a dynamic first dimension (batchable). */
function batchable(facts: ScaffoldFacts): boolean {
  return [...facts.inputs, ...facts.outputs].every((t) => t.shape.length > 0 && t.shape[0] < 0);
}

/** The model.yaml document as plain data, keys in specification order. */
export function scaffoldModelYaml(facts: ScaffoldFacts): Record<string, unknown> {
  const { input, output, model } = SCAFFOLD_FILES;
  const inputs = describe(facts.inputs);
  const outputs = describe(facts.outputs);
  const details = facts.code === undefined
    ? `Send ${input}: {"inputs": [{"name", "datatype", "shape", "data"}]} with the ` +
      `inputs ${inputs} (-1: any size), and optionally "outputs": [names]. ${output} holds ` +
      `{"outputs": [{"name", "datatype", "shape", "data"}]}. The same tensors are served ` +
      `over the Open Inference Protocol (gRPC and REST).`
    : `Send ${input}: {"inputs": [{"name", "shape", "data"}]} with the inputs ${inputs} ` +
      `(-1: any size). ${output} holds {"data": {"result": {<output>: {"shape", "data"}}}}. ` +
      `${facts.code} turns the files into tensors and back: edit its pre- and ` +
      `post-processing hooks.`;
  return {
    specification: "0.4",
    type: "grpc",
    source: "model-runtime scaffold",
    version: facts.version,
    name: facts.name,
    author: "model-runtime scaffold",
    description: {
      summary: `Serves the ONNX model ${facts.sourceFile} through its tensors.`,
      details,
      technical: `ONNX file ${model} (from ${facts.sourceFile}), run with onnxruntime. ` +
        `Inputs: ${inputs}. Outputs: ${outputs}.`,
      performance: "Not measured: the scaffold wraps an existing model without evaluating it.",
    },
    releaseNotes: `Scaffolded from ${facts.sourceFile}.`,
    tags: ["onnx", "tensor"],
    filters: [],
    metrics: [],
    inputs: {
      [input]: {
        acceptedMediaTypes: ["application/json"],
        maxSize: "16M",
        description: `Input tensors as JSON: ${inputs}.`,
      },
    },
    outputs: {
      [output]: {
        mediaType: "application/json",
        maxSize: "16M",
        description: `Output tensors as JSON: ${outputs}.`,
      },
    },
    resources: { memory: { size: "512Mi" }, cpu: { count: 1 }, gpu: { count: 0 } },
    timeout: { status: "60s", run: "60s" },
    internal: {
      recommended: false,
      experimental: false,
      available: true,
      active: true,
      features: { explainable: false, adversarialDefense: false },
    },
    features: {
      adversarialDefense: false,
      maxBatchSize: batchable(facts) ? 8 : 1,
      retrainable: false,
      resultsFormat: null,
      driftFormat: null,
      explanationFormat: null,
    },
    module: facts.code === undefined ? scaffoldModule() : { code: facts.code, config: {} },
  };
}

/** The module section: the ONNX backend's module for the model file, with the Modzy file names. */
function scaffoldModule(): Record<string, unknown> {
  const { model, input, output } = SCAFFOLD_FILES;
  const module = ONNX_BACKEND.servingModule(model);
  return { id: module.id, config: { ...module.config, input, output } };
}

/** The docker_metadata.yaml document. */
export function scaffoldDockerMetadata(name: string): Record<string, unknown> {
  const id = urlSafeName(name);
  return {
    dockerMetadata: [{ registry: "localhost:5000", repo_prefix: "models", repo_suffix: id }],
    id,
  };
}
