/**
 * `--predict DATA.csv`: its flags. To add one, add its declaration here
 * (see flag.ts).
 *
 * @module
 */
import type { OptionsOf } from "./flag.ts";
import { modeFlag, textFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import { bundleFlag, LOGGING_FLAGS } from "./common_flags.ts";

/** The predict mode: its help and its flags. */
export const PREDICT_MODE = defineMode({
  mode: "predict",
  summary: "score a CSV offline with a trained classifier or a JSON-document model",
  usage: ["--predict DATA.csv --bundle DIR [--out FILE] [FLAGS]"],
  about: `Writes the CSV back with the predicted label and one score column per class (a
classifier) or a prediction column (a regressor) appended to every row (header included), to
stdout or FILE. The file is streamed, so it may be larger than memory. Columns are matched by
name; the label column, if present, is passed through.

A bundle whose model takes one JSON document per item (a lifecycle module's input.json, or
model code reading one JSON file) gets each row as that document (header names as keys, number
text as numbers, empty cells as null) and the CSV back with "result" (the answer's data.result
as JSON) and "error" columns. Models taking other files (images, audio) cannot be fed rows.`,
  flags: {
    /** The CSV to score. */
    predictCsv: modeFlag("predict", "DATA.csv", "the CSV to score"),
    /** The trained bundle. */
    bundle: bundleFlag("the bundle to score with (version folder or bundle root)"),
    /** The file to write instead of stdout. */
    out: textFlag({ name: "out", placeholder: "FILE", help: "write here instead of stdout" }),
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--predict`. */
export type PredictOptions = OptionsOf<typeof PREDICT_MODE.flags>;
