/**
 * The `model.ts` that `--scaffold MODEL.onnx --wrapper` writes: a
 * ModelWrapper opening model.onnx through `"@model-runtime/runtime"`
 * (openOnnxSession) with two clearly marked hooks for the author — the
 * pre-processing (input files to tensors) and the post-processing (output
 * tensors to results.json). As written, the pre-processing reads input.json
 * (`{"inputs": [{"name", "shape", "data"}]}`, each typed as the model
 * declares) and the post-processing answers each output's shape and values,
 * so the bundle passes `--check` before a line is changed.
 *
 * @module
 */
import { READ_JSON_SOURCE } from "./init_templates.ts";

/** What the template is filled with. */
export interface WrapperFacts {
  /** The model's name. */
  readonly name: string;
  /** The ONNX file as given (no folder), for the header comment. */
  readonly sourceFile: string;
  /** The ONNX file inside the bundle. */
  readonly modelFile: string;
  /** The input file name of an item. */
  readonly input: string;
  /** The output file name of an item. */
  readonly output: string;
  /** The wrapper class name. */
  readonly className: string;
}

/** The code file the wrapper is written to (model.yaml `module.code`). */
export const WRAPPER_FILE = "model.ts";

/** model.ts for `facts`. */
export function scaffoldWrapperCode(facts: WrapperFacts): string {
  const { input, output, modelFile } = facts;
  return `/**
 * ${facts.name}: model code wrapping the ONNX model ${facts.sourceFile} (model.yaml
 * module.code names this file). Written by --scaffold --wrapper; make it yours:
 *
 * - PRE-PROCESSING (toFeeds): turn an item's input files into one tensor per model
 *   input. As written it reads ${input}: {"inputs": [{"name", "shape", "data"}]}. Decode
 *   your own files here instead (decodeWavMono for audio, JSON, text, ...), then
 *   declare those files under model.yaml inputs.
 * - POST-PROCESSING (toOutputs): turn the output tensors into the item's output files.
 *   As written it answers ${output} holding each output's shape and values.
 *
 * Then replace test_cases/sample/ with real cases and run --check --bundle <this bundle>.
 * The code runs in a worker of the server; open ONNX files only with openOnnxSession.
 */
import { join } from "node:path";
import {
  badRequest,
  createTensor,
  type InputFiles,
  type ModelContext,
  type ModelWrapper,
  type OnnxModelSession,
  type OnnxTensor,
  openOnnxSession,
  type OutputFiles,
  successOutput,
  tensorNumbers,
} from "@model-runtime/runtime";

export default class ${facts.className} implements ModelWrapper {
  #session: OnnxModelSession | null = null;

  async initialize(context: ModelContext): Promise<void> {
    // Through the runtime's door to onnxruntime, never onnxruntime-node directly.
    this.#session = await openOnnxSession(join(context.bundle.dir, ${JSON.stringify(modelFile)}));
  }

  async handleInput(input: InputFiles): Promise<OutputFiles> {
    const session = this.#session;
    if (session === null) throw new Error("the model is not loaded");
    const outputs = await session.run(toFeeds(input, session));
    return toOutputs(outputs);
  }

  async close(): Promise<void> {
    await this.#session?.close();
  }
}

// ---- PRE-PROCESSING: input files -> tensors (edit here) -------------------------------

/** One tensor per model input, from the item's files. */
function toFeeds(input: InputFiles, session: OnnxModelSession): Record<string, OnnxTensor> {
  const document = readJson(input, ${JSON.stringify(input)}) as { inputs?: unknown };
  if (!Array.isArray(document.inputs)) {
    throw badRequest('${input} must hold {"inputs": [{"name", "shape", "data"}]}');
  }
  type Given = { name?: unknown; shape?: unknown; data?: unknown };
  const given = new Map<string, Given>(
    (document.inputs as Given[]).map((tensor) => [String(tensor.name), tensor]),
  );
  const feeds: Record<string, OnnxTensor> = {};
  for (const declared of session.inputs) {
    const tensor = given.get(declared.name);
    if (!tensor || !Array.isArray(tensor.shape) || !Array.isArray(tensor.data)) {
      throw badRequest(\`${input}: input '\${declared.name}' needs a shape and data\`);
    }
    feeds[declared.name] = createTensor(declared.type, tensor.data, tensor.shape);
  }
  return feeds;
}

// ---- POST-PROCESSING: output tensors -> output files (edit here) ----------------------

/** The item's output files, from the model's output tensors. */
function toOutputs(outputs: Record<string, OnnxTensor>): OutputFiles {
  const result: Record<string, { shape: number[]; data: unknown[] }> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    const data = tensor.type === "string" ? [...tensor.data as string[]] : tensorNumbers(tensor);
    result[name] = { shape: [...tensor.dims], data };
  }
  return new Map([[${JSON.stringify(output)}, successOutput({ result })]]);
}

// ----------------------------------------------------------------------------------------

${READ_JSON_SOURCE}`;
}
