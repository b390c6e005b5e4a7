/**
 * Test support for bundles that carry their own model code (model.yaml
 * `module.code`): a model.yaml writer and model sources a model author
 * could have written, each importing the runtime as
 * `"@model-runtime/runtime"`.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { stringify } from "yaml";

/** What a code bundle declares and holds. */
export interface CodeBundle {
  /** model.yaml `name`; default "Code Model". */
  readonly name?: string;
  /** Version folder; default 0.1.0. */
  readonly version?: string;
  /** model.yaml `module.code`; default `model.ts`. */
  readonly code?: string;
  /** `timeout.run`; default 20s. */
  readonly run?: string;
  /** `features.maxBatchSize`; default 4. */
  readonly maxBatchSize?: number;
  /** Input files and their media type; default `input.json` JSON. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Output files and their media type; default `results.json` JSON. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Files of the version folder (model code and anything else), by relative path. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  /** Test cases: case name -> file name -> content. */
  readonly cases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** model.yaml of a code bundle: every field the Modzy contract reads, filled. */
export function codeModelYaml(bundle: CodeBundle): string {
  const inputs = bundle.inputs ?? { "input.json": "application/json" };
  const outputs = bundle.outputs ?? { "results.json": "application/json" };
  return stringify({
    specification: "0.4",
    type: "grpc",
    source: "tests",
    version: bundle.version ?? "0.1.0",
    name: bundle.name ?? "Code Model",
    author: "tests",
    description: { summary: "s", details: "d", technical: "t", performance: "p" },
    inputs: Object.fromEntries(
      Object.entries(inputs).map((
        [file, type],
      ) => [file, { acceptedMediaTypes: [type], maxSize: "1M", description: file }]),
    ),
    outputs: Object.fromEntries(
      Object.entries(outputs).map((
        [file, type],
      ) => [file, { mediaType: type, maxSize: "1M", description: file }]),
    ),
    resources: { memory: { size: "512Mi" }, cpu: { count: 1 }, gpu: { count: 0 } },
    timeout: { status: "60s", run: bundle.run ?? "20s" },
    features: {
      adversarialDefense: false,
      maxBatchSize: bundle.maxBatchSize ?? 4,
      retrainable: false,
      resultsFormat: "json",
      driftFormat: null,
      explanationFormat: null,
    },
    module: { code: bundle.code ?? "model.ts" },
  });
}

/** Writes `bundle` as `root/<version>/`; returns the version folder. */
export async function writeCodeBundle(root: string, bundle: CodeBundle): Promise<string> {
  const dir = join(root, bundle.version ?? "0.1.0");
  await writeFiles(dir, { "model.yaml": codeModelYaml(bundle), ...bundle.files });
  for (const [name, files] of Object.entries(bundle.cases ?? {})) {
    await writeFiles(join(dir, "test_cases", name), files);
  }
  return dir;
}

/** Writes `files` (relative path -> content) under `dir`. */
export async function writeFiles(
  dir: string,
  files: Readonly<Record<string, string | Uint8Array>>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await Deno.mkdir(dirname(join(dir, path)), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(join(dir, path), content);
    else await Deno.writeFile(join(dir, path), content);
  }
}

/**
 * A class wrapper: `{"name"}` -> `{"greeting"}` through a helper file
 * (lib/greet.ts); `{"mode"}` `bad` throws badRequest, `oops` a plain Error,
 * `hang` never settles, `block` spins its thread; `{"check": true}` answers
 * whether mod.ts's RuntimeError is the class the runtime in this worker uses.
 */
export const GREETER_SOURCE = `
import { badRequest, type InputFiles, type ModelWrapper, RuntimeError, successOutput } from "@model-runtime/runtime";
import { greet } from "./lib/greet.ts";

export default class Greeter implements ModelWrapper {
  #word = "";
  async initialize() {
    this.#word = "Hello";
  }
  async handleInput(input: InputFiles) {
    const document = JSON.parse(new TextDecoder().decode(input.get("input.json")));
    if (document.mode === "bad") throw badRequest("bad mode");
    if (document.mode === "oops") throw new Error("oops");
    if (document.mode === "hang") return await new Promise<never>(() => {});
    if (document.mode === "block") for (;;) { /* spin */ }
    const result = document.check
      ? { sameClass: badRequest("x") instanceof RuntimeError }
      : { greeting: greet(this.#word, document.name) };
    return new Map([["results.json", successOutput({ result })]]);
  }
}
`;

/** lib/greet.ts of {@link GREETER_SOURCE}: `<word> <name><punctuation>`. */
export function greetHelper(punctuation = ""): string {
  return `export const greet = (word: string, name: string) => word + " " + name + ${
    JSON.stringify(punctuation)
  };\n`;
}

/** A lifecycle module (Caikit style) as model code: `{"name"}` -> `{"greeting": "Hi <name>"}`. */
export const MODULE_SOURCE = `
import { badRequest, type RuntimeModule } from "@model-runtime/runtime";

type Input = { name: string };
const greeter: RuntimeModule<Input, { greeting: string }> = {
  info: { id: "code-greeter", name: "Code Greeter", version: "1.0.0", task: "greeting" },
  parseInput(document) {
    const name = (document as { name?: unknown })?.name;
    if (typeof name !== "string") throw badRequest('expected {"name": "..."}');
    return { name };
  },
  load: async () => ({
    run: (input) => Promise.resolve({ greeting: "Hi " + input.name }),
    save: () => Promise.resolve(),
  }),
};
export default greeter;
`;

/**
 * A wrapper that opens `add.onnx` (y = x + [10, 20, 30]) through mod.ts and
 * offers its tensor face; over Modzy, `{"x": [..3]}` -> `{"y": [..3]}`.
 */
export const ADDER_SOURCE = `
import { join } from "node:path";
import {
  createTensor, type InputFiles, type ModelContext, type ModelWrapper, type OnnxSession,
  openOnnxSession, successOutput, type Tensor, type TensorModel, tensorNumbers,
} from "@model-runtime/runtime";

let session: OnnxSession | null = null;
const wrapper: ModelWrapper = {
  async initialize(context: ModelContext) {
    session = await openOnnxSession(join(context.bundle.dir, "add.onnx"));
  },
  async handleInput(input: InputFiles) {
    const { x } = JSON.parse(new TextDecoder().decode(input.get("input.json")));
    const { y } = await session!.run({ x: createTensor("float32", x, [1, 3]) });
    return new Map([["results.json", successOutput({ result: { y: tensorNumbers(y) } })]]);
  },
  tensorModel(): TensorModel {
    return {
      inputs: [{ name: "x", datatype: "FP32", shape: [-1, 3] }],
      outputs: [{ name: "y", datatype: "FP32", shape: [-1, 3] }],
      async infer(inputs: readonly Tensor[]) {
        const x = inputs[0];
        const { y } = await session!.run({ x: createTensor("float32", x.data as Float32Array, x.shape) });
        return [{ name: "y", datatype: "FP32", shape: [...y.dims], data: y.data as Float32Array }];
      },
    };
  },
  async close() {
    await session?.close();
  },
};
export default wrapper;
`;
