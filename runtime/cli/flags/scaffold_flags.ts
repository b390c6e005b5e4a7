/**
 * `--scaffold MODEL.onnx`: its flags. To add one, add its declaration here
 * (see flag.ts).
 *
 * @module
 */
import type { OptionsOf } from "./flag.ts";
import { booleanFlag, modeFlag, requiredTextFlag, textFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import { BUNDLE_OUT, BUNDLE_OUTPUT_FLAGS, LOGGING_FLAGS } from "./common_flags.ts";

/** The scaffold mode: its help and its flags. */
export const SCAFFOLD_MODE = defineMode({
  mode: "scaffold",
  summary: "wrap an existing ONNX file into a servable asset bundle",
  usage: ["--scaffold MODEL.onnx --out DIR [--wrapper] [--sample FILE] [FLAGS]"],
  about: `Writes DIR/<version>/ with model.onnx, model.yaml (module onnx-tensor, inputs and
outputs from the ONNX file's tensors; dynamic dimensions -1), docker_metadata.yaml and
test_cases/sample/ (input.json of deterministic sample tensors and the results.json the model
answers), so the bundle passes --check as written. input.json holds {"inputs": [{"name",
"datatype", "shape", "data"}]}; results.json {"outputs": [...]}.
With --wrapper the bundle is served by its own model code instead: model.ts, a ModelWrapper
opening model.onnx through "@model-runtime/runtime", whose marked pre- and post-processing
hooks turn input files into tensors and output tensors into results.json (module.code:
model.ts); as written it reads the same input.json and answers {"data": {"result": {<output>:
{"shape", "data"}}}}. When the made-up sample cannot run the model (e.g. an audio input needs
more than one sample), the error says so: pass --sample with inputs the model accepts.`,
  flags: {
    /** The ONNX file to wrap. */
    scaffoldOnnx: modeFlag("scaffold", "MODEL.onnx", "the ONNX file to wrap"),
    /** The bundle root to write. */
    out: requiredTextFlag(BUNDLE_OUT),
    /** Also write model.ts, a wrapper with pre- and post-processing hooks. */
    wrapper: booleanFlag({
      name: "wrapper",
      help: "serve the bundle by its own model.ts (a ModelWrapper with pre- and " +
        "post-processing hooks to edit) instead of the onnx-tensor module",
    }),
    /** The test case's input instead of the made-up sample. */
    sample: textFlag({
      name: "sample",
      placeholder: "FILE",
      help: 'the test case\'s input: an input.json of tensors {"inputs": [{"name", ' +
        '"datatype", "shape", "data"}]}, or a test-case folder holding one (default: ' +
        "made-up tensors, dynamic dimensions 1)",
    }),
    ...BUNDLE_OUTPUT_FLAGS,
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--scaffold`. */
export type ScaffoldOptions = OptionsOf<typeof SCAFFOLD_MODE.flags>;
