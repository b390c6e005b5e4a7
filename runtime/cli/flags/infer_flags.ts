/**
 * `--infer`: its flags. To add one, add its declaration here (see flag.ts).
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { defineFlag, type OptionsOf } from "./flag.ts";
import { booleanFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import { bundleFlag, CLIENT_SECURITY_FLAGS, LOGGING_FLAGS, TARGET_FLAG } from "./common_flags.ts";

/** One `--input NAME=PATH`. */
export interface InputFile {
  /** The input's file name, as in model.yaml. */
  readonly name: string;
  /** Where to read it. */
  readonly path: string;
}

/** `--input NAME=PATH`, repeatable, command line only. */
const INPUT_FLAG = defineFlag<readonly InputFile[]>({
  name: "input",
  kind: "strings",
  placeholder: "NAME=PATH",
  help: "an input file, named as in model.yaml (repeatable); default: the bundle's first test case",
  env: [],
  parse: (input) => {
    const files: InputFile[] = [];
    const specs = input === undefined ? [] : [input.value].flat();
    for (const spec of specs) {
      const text = String(spec);
      const at = text.indexOf("=");
      if (at <= 0 || at === text.length - 1) {
        return badRequest(`--input takes name=path, got '${text}'`);
      }
      files.push({ name: text.slice(0, at), path: text.slice(at + 1) });
    }
    return files;
  },
});

/** The infer mode: its help and its flags. */
export const INFER_MODE = defineMode({
  mode: "infer",
  summary: "call a running server as the reference client does",
  usage: ["--infer [--target HOST:PORT] [--input NAME=PATH]... [FLAGS]"],
  about: "Calls Status, one single-item Run and one 8-item Run, and prints each output.",
  flags: {
    target: TARGET_FLAG,
    inputs: INPUT_FLAG,
    bundle: bundleFlag("bundle whose first test case is the default input"),
    json: booleanFlag({ name: "json", help: "one JSON object per line instead of readable text" }),
    ...CLIENT_SECURITY_FLAGS,
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--infer`. */
export type InferOptions = OptionsOf<typeof INFER_MODE.flags>;
