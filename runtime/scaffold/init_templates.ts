/**
 * The files `--init DIR` writes, as text: a model.yaml with every field the
 * Modzy contract reads and a comment on what to fill in, a `model.ts`
 * wrapper skeleton carrying the guidance of the Modzy template's model.py
 * (`__init__` -> `initialize`, `handle_discrete_input` -> `handleInput`,
 * `handle_discrete_input_batch` -> `handleBatch`), docker_metadata.yaml,
 * and one functional test case the skeleton passes as written.
 *
 * @module
 */

/** What the templates are filled with. */
export interface InitFacts {
  /** The model's name (model.yaml `name`). */
  readonly name: string;
  /** The version folder (model.yaml `version`). */
  readonly version: string;
  /** The image name's last part and the platform id (docker_metadata.yaml). */
  readonly id: string;
  /** The wrapper class name (`MyModel`). */
  readonly className: string;
}

/** The file names of an initialised bundle. */
export const INIT_FILES = {
  code: "model.ts",
  input: "input.json",
  output: "results.json",
  testCase: "example",
} as const;

/** A YAML scalar for `text` (a JSON string is a valid YAML double-quoted scalar). */
const quoted = (text: string) => JSON.stringify(text);

/**
 * The generated code's `readJson` (the JSON document in an input file, a
 * `badRequest` when it is missing or not JSON), shared by `--init` and
 * `--scaffold --wrapper` so both write the same helper.
 */
export const READ_JSON_SOURCE =
  `/** The JSON document in the input file \`name\`; badRequest when it is missing or not JSON. */
function readJson(input: InputFiles, name: string): unknown {
  const bytes = input.get(name);
  if (bytes === undefined) throw badRequest(\`missing input file \${name}\`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw badRequest(\`\${name} is not valid JSON\`);
  }
}
`;

/** model.yaml, commented. */
export function initModelYaml(facts: InitFacts): string {
  const { code, input, output } = INIT_FILES;
  return `# model.yaml: what your model is, for the Modzy contract (specification 0.4).
# The Status call answers every field below; fill in each TODO. Check it with
# --check --bundle <this bundle>: it reads this file and runs test_cases/.
specification: "0.4"
type: grpc
source: ${quoted("TODO: who publishes the model (organisation or team)")}
# Must equal the name of the folder holding this file (x.y.z); bump both together.
version: ${facts.version}
# The human-readable name. Served with --bundle, clients address the model by its
# URL-safe form (lower-case, other characters as -); in a --models repository, by
# the repository folder's name.
name: ${quoted(facts.name)}
author: ${quoted("TODO: author or organisation")}
description:
  summary: ${quoted("TODO: one sentence on what the model does.")}
  details: ${quoted("TODO: the inputs it takes, the outputs it answers, how to read them.")}
  technical: ${quoted("TODO: architecture, training data, libraries.")}
  performance: ${quoted("TODO: measured quality (see metrics) and speed.")}
releaseNotes: ${quoted("First version.")}
tags: []
filters: []
# Measured quality, e.g. - {label: Accuracy, type: percentage, value: 0.95, description: holdout}
metrics: []
# One entry per input file of a request, named as clients send it. A file larger
# than maxSize (64K, 1M, 10MB, 1Gi) fails its item.
inputs:
  ${input}:
    acceptedMediaTypes:
      - application/json
    maxSize: 1M
    description: ${quoted('TODO: what the file holds; the example reads {"text": "..."}.')}
# One entry per output file your handleInput answers.
outputs:
  ${output}:
    mediaType: application/json
    maxSize: 1M
    description: ${quoted("TODO: what the file holds.")}
# What the model needs to run (--emit-manifests turns these into requests and limits).
resources:
  memory:
    size: 512Mi
  cpu:
    count: 1
  gpu:
    count: 0
timeout:
  # Longest a Status call waits for initialize (loading the model).
  status: 60s
  # Longest a Run may take; an item still unanswered then fails with a timeout.
  run: 20s
internal:
  recommended: false
  experimental: true
  available: true
  active: true
  features:
    explainable: false
    adversarialDefense: false
features:
  adversarialDefense: false
  # Most items handed to handleBatch at once (1: items always come one by one).
  maxBatchSize: 8
  retrainable: false
  resultsFormat: json
  driftFormat: null
  explanationFormat: null
module:
  # The file of this folder whose default export is your model (a ModelWrapper).
  code: ${code}
  # Your own settings; the wrapper reads them as context.bundle.spec.module.config.
  config: {}
`;
}

/** docker_metadata.yaml. */
export function initDockerMetadata(facts: InitFacts): string {
  return `# Where the model's image is pushed, and its id on the platform.
dockerMetadata:
  - registry: localhost:5000
    repo_prefix: models
    repo_suffix: ${quoted(facts.id)}
id: ${quoted(facts.id)}
`;
}

/** The example test case's input and expected output, which the skeleton answers. */
export function initTestCase(): { input: string; output: string } {
  return {
    input: `${JSON.stringify({ text: "Hello model runtime" })}\n`,
    output: `${
      JSON.stringify({
        data: {
          result: { text: "Hello model runtime", words: 3, characters: 19 },
          explanation: null,
          drift: null,
        },
      })
    }\n`,
  };
}

/** model.ts: the wrapper skeleton with the template's guidance. */
export function initModelCode(facts: InitFacts): string {
  const { input, output } = INIT_FILES;
  return `/**
 * ${facts.name}: the model code of this bundle (model.yaml module.code names this file).
 *
 * Fill in the two methods marked TODO — the Modzy template's __init__ and
 * handle_discrete_input:
 *
 * 1. initialize(context): load your model once — weights, labels, sessions. It runs
 *    when the server starts (at the first Status with --lazy), before any request;
 *    Status answers "Model Failed to Initialize." if it throws. The bundle's files
 *    are under context.bundle.dir, your model.yaml under context.bundle.spec. Open
 *    an ONNX model with openOnnxSession(join(context.bundle.dir, "model.onnx")) and
 *    build its inputs with createTensor — never import onnxruntime-node yourself.
 * 2. handleInput(input, options): answer one item. \`input\` maps each input file named
 *    in model.yaml \`inputs\` to its bytes; return a Map from each output file named in
 *    \`outputs\` to its bytes. successOutput({ result }) writes the contract's JSON
 *    {"data": {"result": ..., "explanation": null, "drift": null}}; options.explain and
 *    options.detectDrift say whether the caller asked for an explanation or drift.
 *    Throw badRequest("...") for input the caller can fix: that item alone fails, with
 *    your message; anything else thrown fails it as an internal error.
 *
 * Optional:
 * - handleBatch(inputs, options): answer up to features.maxBatchSize items in one call,
 *   one result per input in order (its files, or an Error failing that item alone);
 *   without it, items are answered one by one.
 * - close(): release what initialize acquired.
 * - Rename the class after your model; keep it the default export.
 *
 * Your own library lives beside this file: import it by relative path
 * (import { predict } from "./lib/predict.ts"); a change to any of these files
 * reloads the model in a --models repository. The code runs in a worker of the
 * server, with the server's permissions: it reads its bundle, and cannot write
 * or open connections unless the server was given those permissions.
 *
 * Then: describe the model in model.yaml, add one folder per functional test case
 * under test_cases/ (every input file and the expected output files), and run
 *   --check --bundle <this bundle>      the test cases, against this code
 *   --serve --bundle <this bundle>      serve it (Modzy on 45000, OIP REST on 8080)
 */
import {
  badRequest,
  type InputFiles,
  type ModelContext,
  type ModelWrapper,
  type OutputFiles,
  type RunOptions,
  successOutput,
} from "@model-runtime/runtime";

export default class ${facts.className} implements ModelWrapper {
  #loaded = false;

  // deno-lint-ignore require-await
  async initialize(context: ModelContext): Promise<void> {
    // TODO: load your model here, once, e.g.
    //   this.#session = await openOnnxSession(join(context.bundle.dir, "model.onnx"));
    void context;
    this.#loaded = true;
  }

  // deno-lint-ignore require-await
  async handleInput(input: InputFiles, options: RunOptions): Promise<OutputFiles> {
    // TODO: replace this example, which counts the words of {"text": "..."}, with
    // your model's inference.
    if (!this.#loaded) throw new Error("the model is not loaded");
    void options;
    const document = readJson(input, "${input}") as { text?: unknown };
    if (typeof document.text !== "string") {
      throw badRequest('${input} must hold {"text": "..."}');
    }
    const text = document.text;
    const words = text.split(/\\s+/).filter((word) => word !== "").length;
    const result = { text, words, characters: text.length };
    return new Map([["${output}", successOutput({ result })]]);
  }
}

${READ_JSON_SOURCE}`;
}
