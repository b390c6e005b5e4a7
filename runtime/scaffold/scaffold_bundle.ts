/**
 * `--scaffold`: wraps an existing ONNX file into a complete asset bundle
 * served by the `onnx-tensor` module — or, with `wrapper`, by its own model
 * code (model.ts, wrapper_template.ts) — holding the ONNX backend's model
 * file (model.onnx), model.yaml filled from the backend's introspection,
 * docker_metadata.yaml, and one test case whose expected output is produced
 * by running the bundle on sample inputs (deterministic made-up tensors, or
 * the `sample` given) — so the bundle passes `--check` as written.
 *
 * @module
 */
import { basename, extname, join } from "node:path";
import { stringify } from "yaml";
import { notFound } from "../base/errors.ts";
import { ONNX_BACKEND } from "../backends/onnx/descriptor.ts";
import { createLogger } from "../base/log.ts";
import { loadBundle } from "../bundle/load.ts";
import { CodeModelWrapper } from "../hosting/model_code/code_wrapper.ts";
import type { ModelWrapper } from "../model/contract.ts";
import { OnnxTensorModule } from "../modules/onnx_tensor.ts";
import { SCAFFOLD_FILES, scaffoldDockerMetadata, scaffoldModelYaml } from "./bundle_documents.ts";
import { className } from "./init_bundle.ts";
import { sampleFailure, type SampleInput, sampleInput } from "./sample_input.ts";
import { prepareFolder } from "./prepare_folder.ts";
import { scaffoldWrapperCode, WRAPPER_FILE } from "./wrapper_template.ts";

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
  /** Also write model.ts, a ModelWrapper with pre- and post-processing hooks (module.code). */
  readonly wrapper?: boolean;
  /** An input.json of tensors (or a test-case folder holding one) instead of the made-up sample. */
  readonly sample?: string;
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
 * Writes the bundle and its test case. The ONNX file and the sample are
 * read and checked first (missing: `not_found`; not a loadable model:
 * `internal`); an existing non-empty version folder without `force` is a
 * `bad_request`, and so is a sample the model cannot run (saying which, and
 * naming `--sample` for the made-up one). A failure after writing started
 * removes the version folder again.
 */
export async function scaffoldBundle(options: ScaffoldOptions): Promise<ScaffoldResult> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(options.onnxPath);
  } catch (error) {
    throw notFound(`cannot read the ONNX file ${options.onnxPath}`, { cause: error });
  }
  const { inputs, outputs } = await ONNX_BACKEND.introspect(bytes);
  const sample = await sampleInput(inputs, options.sample);
  const sourceFile = basename(options.onnxPath);
  const name = options.name ?? basename(sourceFile, extname(sourceFile));
  const version = options.version ?? "0.1.0";
  const dir = join(options.out, version);
  await prepareFolder(dir, options.force === true);
  try {
    const code = options.wrapper === true ? WRAPPER_FILE : undefined;
    const facts = { name, version, sourceFile, inputs, outputs, code };
    await Deno.writeFile(join(dir, SCAFFOLD_FILES.model), bytes);
    if (code !== undefined) {
      const { input, output, model: modelFile } = SCAFFOLD_FILES;
      await Deno.writeTextFile(
        join(dir, code),
        scaffoldWrapperCode({
          name,
          sourceFile,
          modelFile,
          input,
          output,
          className: className(name),
        }),
      );
    }
    await Deno.writeTextFile(join(dir, "model.yaml"), stringify(scaffoldModelYaml(facts)));
    await Deno.writeTextFile(
      join(dir, "docker_metadata.yaml"),
      stringify(scaffoldDockerMetadata(name)),
    );
    const testCase = await writeSampleCase(dir, sample, name);
    return { dir, name, version, testCase };
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}

/** Runs the bundle just written on `sample` and saves input and answer as a test case. */
async function writeSampleCase(dir: string, sample: SampleInput, name: string): Promise<string> {
  const bundle = await loadBundle(dir);
  const model: ModelWrapper = bundle.spec.module?.code === undefined
    ? new OnnxTensorModule()
    : new CodeModelWrapper(bundle, { log: createLogger("silent"), model: name });
  let results: Uint8Array | undefined;
  try {
    await model.initialize({ bundle });
    const answer = await model.handleInput(new Map([[SCAFFOLD_FILES.input, sample.bytes]]), {
      detectDrift: false,
      explain: false,
    });
    results = answer.get(SCAFFOLD_FILES.output);
  } catch (error) {
    throw sampleFailure(sample, error);
  } finally {
    await model.close?.();
  }
  const caseDir = join(dir, "test_cases", SAMPLE_CASE);
  await Deno.mkdir(caseDir, { recursive: true });
  await Deno.writeFile(join(caseDir, SCAFFOLD_FILES.input), sample.bytes);
  await Deno.writeFile(join(caseDir, SCAFFOLD_FILES.output), results!);
  return caseDir;
}
