/**
 * `--train DATA.csv`: its flags. To add one (a task, a model family, a time
 * budget…), add its declaration here (see flag.ts); `TrainOptions` and
 * `--train --help` follow.
 *
 * @module
 */
import type { OptionsOf } from "./flag.ts";
import { modeFlag, readFlag, textFlag, wholeNumberFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import {
  BUNDLE_OUT,
  BUNDLE_OUTPUT_FLAGS,
  LOGGING_FLAGS,
  optionalTargetFlag,
} from "./common_flags.ts";

/** The train mode: its help and its flags. */
export const TRAIN_MODE = defineMode({
  mode: "train",
  summary: "train a model from a CSV into a servable asset bundle",
  usage: [
    "--train DATA.csv --out DIR [FLAGS]",
    "--train DATA.csv --target HOST:PORT [FLAGS]",
  ],
  about: `Numeric columns are features (empty cells imputed with the training mean); a string
column with few distinct values is one-hot encoded; a free-text column becomes tf-idf over word
1-2-grams inside the ONNX graph. A numeric label with more than max(20, 5% of the rows) distinct values, or
any fraction, is a regression; anything else a classification; --task overrides the guess.
--model auto (the default) tries linear, mlp and trees and keeps the best on a validation split;
the work is fixed by the data size and --seed, so the same seed gives the same bundle anywhere. The bundle holds model.onnx, model.yaml (holdout metrics), test cases and
report.md/report.svg (loss and validation curves, confusion matrix or predicted against actual).

With --target, the CSV is sent to a server's TrainingService; the training_id and model_name
are printed first, then progress until the job ends (exit 0 only when it COMPLETED).`,
  flags: {
    /** The CSV to train on. */
    trainCsv: modeFlag(
      "train",
      "DATA.csv",
      "the CSV to train on: a header row, then one row per example",
    ),
    /** The bundle root to write (local training). */
    out: textFlag(BUNDLE_OUT),
    ...BUNDLE_OUTPUT_FLAGS,
    /** The label column. */
    label: textFlag({
      name: "label",
      placeholder: "COLUMN",
      help: "label column (default: the last column)",
    }),
    /** The model family: `auto`, `linear` (alias `logreg`), `mlp`, `trees`, or a trainable module's id. */
    model: textFlag({
      name: "model",
      placeholder: "auto|linear|mlp|trees|ID",
      help: "auto (default: score linear, mlp and trees on training rows they were not fitted " +
        "on, by cross-validation under 1,000 rows, and refit the best on all of them), linear " +
        "(logistic regression, or " +
        "ridge for a regression; logreg is an alias), a small MLP, gradient-boosted trees, or " +
        "the id of a registered module that can train (e.g. hello-world)",
    }, {
      pattern: /^[a-z0-9][a-z0-9._-]*$/,
      expects: "auto, linear, mlp, trees or a module id (lower-case letters, digits, . _ -)",
    }),
    /** The task, overriding the guess from the label column. */
    task: readFlag<"classification" | "regression">(
      {
        name: "task",
        placeholder: "classification|regression",
        help: "override the task guessed from the label column",
      },
      (text) => (text === "classification" || text === "regression" ? text : null),
      "classification or regression",
    ),
    /** Seed of the holdout split and the fit. */
    seed: wholeNumberFlag({
      name: "seed",
      placeholder: "N",
      help: "seed of the holdout split and the fit (default 42)",
    }, { min: 0, max: 0xffffffff }),
    /** A server to train on instead of locally. */
    target: optionalTargetFlag("train on this server's TrainingService instead of locally"),
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--train`. */
export type TrainOptions = OptionsOf<typeof TRAIN_MODE.flags>;
