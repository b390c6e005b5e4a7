/**
 * `--scaffold`: wraps an existing ONNX file into a complete asset bundle
 * served by the `onnx-tensor` module — the ONNX backend's model file
 * (model.onnx), model.yaml filled from the backend's introspection,
 * docker_metadata.yaml, and one test case whose expected output is produced
 * by running the model on deterministic sample inputs — so the bundle passes
 * `--check` as written.
 *
 * @module
 */
import { basename, extname, join } from "node:path";
import { stringify } from "yaml";
import { notFound } from "../base/errors.ts";
import { ONNX_BACKEND } from "../backends/onnx/descriptor.ts";
import { loadBundle } from "../bundle/load.ts";
import { tensorToJson } from "../core/tensor_json.ts";
import { OnnxTensorModule } from "../modules/onnx_tensor.ts";
import { SCAFFOLD_FILES, scaffoldDockerMetadata, scaffoldModelYaml } from "./bundle_documents.ts";
import { sampleTensor } from "./sample_tensors.ts";
import { prepareFolder } from "./prepare_folder.ts";

/** What to scaffold. */
export interface ScaffoldOptions {
  /** The ONNX file to wrap. */
  readonly onnxPath: string;
  /** Bundle root to write; the bundle lands in `<out>/<version>/`. */
  readonly out: string;
  /** Model name; default the ONNX file's stem. */
  readonly name?: string;
  /** Version folder; default 0.1.0. */
  readonly version?: string;
  /** Replace an existing, non-empty version folder. */
  readonly force?: boolean;
}

/** What was written. */
export interface ScaffoldResult {
  /** The version folder written. */
  readonly dir: string;
  /** Model name. */
  readonly name: string;
  /** Bundle version. */
  readonly version: string;
  /** The test case folder written. */
  readonly testCase: string;
}

/** Name of the test case the scaffold writes. */
export const SAMPLE_CASE = "sample";

/**
 * Writes the bundle and its test case. The ONNX file is read and checked
 * first (missing: `not_found`; not a loadable model: `internal`); an existing
 * non-empty version folder without `force` is a `bad_request`. A failure
 * after writing started removes the version folder again.
 */
export async function scaffoldBundle(options: ScaffoldOptions): Promise<ScaffoldResult> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(options.onnxPath);
  } catch (error) {
    throw notFound(`cannot read the ONNX file ${options.onnxPath}`, { cause: error });
  }
  const { inputs, outputs } = await ONNX_BACKEND.introspect(bytes);
  const sourceFile = basename(options.onnxPath);
  const name = options.name ?? basename(sourceFile, extname(sourceFile));
  const version = options.version ?? "0.1.0";
  const dir = join(options.out, version);
  await prepareFolder(dir, options.force === true);
  try {
    const facts = { name, version, sourceFile, inputs, outputs };
    await Deno.writeFile(join(dir, SCAFFOLD_FILES.model), bytes);
    await Deno.writeTextFile(join(dir, "model.yaml"), stringify(scaffoldModelYaml(facts)));
    await Deno.writeTextFile(
      join(dir, "docker_metadata.yaml"),
      stringify(scaffoldDockerMetadata(name)),
    );
    const testCase = await writeSampleCase(dir, inputs.map(sampleTensor));
    return { dir, name, version, testCase };
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}

/** Runs the bundle just written on `inputs` and saves input and answer as a test case. */
async function writeSampleCase(
  dir: string,
  inputs: ReturnType<typeof sampleTensor>[],
): Promise<string> {
  const inputFile = new TextEncoder().encode(JSON.stringify({
    inputs: inputs.map((tensor) => tensorToJson(tensor, { fp16: true, role: "input" })),
  }));
  const model = new OnnxTensorModule();
  await model.initialize({ bundle: await loadBundle(dir) });
  let results: Uint8Array | undefined;
  try {
    const answer = await model.handleInput(new Map([[SCAFFOLD_FILES.input, inputFile]]), {
      detectDrift: false,
      explain: false,
    });
    results = answer.get(SCAFFOLD_FILES.output);
  } finally {
    await model.close();
  }
  const caseDir = join(dir, "test_cases", SAMPLE_CASE);
  await Deno.mkdir(caseDir, { recursive: true });
  await Deno.writeFile(join(caseDir, SCAFFOLD_FILES.input), inputFile);
  await Deno.writeFile(join(caseDir, SCAFFOLD_FILES.output), results!);
  return caseDir;
}
