/**
 * `--train`'s flags (runtime/cli/flags/train_flags.ts): the CSV, where the
 * bundle goes, what to train (model family, task) and with which seed, or
 * which server to train on.
 */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("train parses its flags", () => {
  const train = optionsOf("train", [
    "--train",
    "d.csv",
    "--out",
    "o",
    "--name",
    "N",
    "--bundle-version",
    "1.2.3",
    "--label",
    "y",
    "--model",
    "mlp",
    "--seed",
    "7",
    "--task",
    "regression",
    "--force",
    "--quiet",
  ]);
  assert.deepEqual(
    [train.trainCsv, train.out, train.name, train.bundleVersion, train.label, train.model],
    ["d.csv", "o", "N", "1.2.3", "y", "mlp"],
  );
  assert.equal(train.seed, 7);
  assert.equal(train.task, "regression");
  assert.ok(train.force && train.quiet);
  assert.equal(train.target, undefined, "no --target: train locally");
  const remote = optionsOf("train", ["--train", "d.csv", "--target", "[::1]:45000"]);
  assert.equal(remote.target, "[::1]:45000");
  const fromEnv = optionsOf("train", ["--train", "d.csv"], {
    MODEL_RUNTIME_OUT: "o",
    MODEL_RUNTIME_SEED: "3",
  });
  assert.deepEqual([fromEnv.out, fromEnv.seed], ["o", 3]);
});

Deno.test("train: wrong values are usage errors naming the flag", () => {
  assert.equal(
    usageErrorOf(["--train", "d.csv", "--bundle-version", "1.0"]),
    "--bundle-version takes x.y.z, got '1.0'",
  );
  assert.equal(
    usageErrorOf(["--train", "d.csv", "--seed", "4294967296"]),
    "--seed takes a whole number from 0 to 4294967295, got '4294967296'",
  );
  assert.match(
    usageErrorOf(["--train", "d.csv", "--model", "Forest"]),
    /--model takes auto, linear, mlp, trees/,
  );
  assert.equal(
    usageErrorOf(["--train", "d.csv", "--task", "forecast"]),
    "--task takes classification or regression, got 'forecast'",
  );
  assert.match(usageErrorOf(["--train"]), /--train <value>' argument missing/);
  assert.match(usageErrorOf(["--train", "d.csv", "--bundle", "b"]), /--bundle does not apply/);
  // The port belongs to serve: a bad PSC_MODEL_PORT is no business of training.
  assert.equal(optionsOf("train", ["--train", "d.csv"], { PSC_MODEL_PORT: "x" }).trainCsv, "d.csv");
});
