/**
 * `--scaffold MODEL.onnx`: its flags. To add one, add its declaration here
 * (see flag.ts).
 *
 * @module
 */
import type { OptionsOf } from "./flag.ts";
import { modeFlag, requiredTextFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import { BUNDLE_OUT, BUNDLE_OUTPUT_FLAGS, LOGGING_FLAGS } from "./common_flags.ts";

/** The scaffold mode: its help and its flags. */
export const SCAFFOLD_MODE = defineMode({
  mode: "scaffold",
  summary: "wrap an existing ONNX file into a servable asset bundle",
  usage: ["--scaffold MODEL.onnx --out DIR [FLAGS]"],
  about: `Writes DIR/<version>/ with model.onnx, model.yaml (module onnx-tensor, inputs and
outputs from the ONNX file's tensors; dynamic dimensions -1), docker_metadata.yaml and
test_cases/sample/ (input.json of deterministic sample tensors and the results.json the model
answers), so the bundle passes --check as written. input.json holds {"inputs": [{"name",
"datatype", "shape", "data"}]}; results.json {"outputs": [...]}.`,
  flags: {
    /** The ONNX file to wrap. */
    scaffoldOnnx: modeFlag("scaffold", "MODEL.onnx", "the ONNX file to wrap"),
    /** The bundle root to write. */
    out: requiredTextFlag(BUNDLE_OUT),
    ...BUNDLE_OUTPUT_FLAGS,
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--scaffold`. */
export type ScaffoldOptions = OptionsOf<typeof SCAFFOLD_MODE.flags>;
