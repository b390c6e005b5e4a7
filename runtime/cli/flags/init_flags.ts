/**
 * `--init DIR`: its flags. To add one, add its declaration here (see flag.ts).
 *
 * @module
 */
import { type OptionsOf, withHelp } from "./flag.ts";
import { modeFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import { BUNDLE_OUTPUT_FLAGS, LOGGING_FLAGS } from "./common_flags.ts";

/** The init mode: its help and its flags. */
export const INIT_MODE = defineMode({
  mode: "init",
  summary: "start a new model with its own code: a bundle that passes --check as written",
  usage: ["--init DIR [--name NAME] [FLAGS]"],
  about: `Writes DIR/<version>/ (default 0.1.0): model.yaml with every field the Modzy contract
reads and a comment on what to fill in, naming model.ts as the model's code (module.code);
model.ts, a ModelWrapper skeleton importing "@model-runtime/runtime", with the Modzy
template's guidance (initialize loads the model once, handleInput answers one item, optional
handleBatch); docker_metadata.yaml; and test_cases/example/, which the skeleton passes. Prints
the version folder, then what to run next. Edit nothing, and --check --bundle DIR passes and
--serve --bundle DIR answers.`,
  flags: {
    /** The bundle root to write. */
    initDir: modeFlag(
      "init",
      "DIR",
      "the bundle root to write; the bundle lands in DIR/<version>/",
    ),
    name: withHelp(BUNDLE_OUTPUT_FLAGS.name, "model name (default: DIR's folder name)"),
    bundleVersion: BUNDLE_OUTPUT_FLAGS.bundleVersion,
    force: BUNDLE_OUTPUT_FLAGS.force,
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--init`. */
export type InitOptions = OptionsOf<typeof INIT_MODE.flags>;
