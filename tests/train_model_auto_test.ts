/**
 * `--model auto`, the default, end to end: through the real CLI (no
 * `--model`) every candidate is named while it runs, the nonlinear data
 * passes over the linear model, model.yaml and report.md give every
 * candidate's validation score, the bundle passes `--check`, and the same
 * seed writes the same files byte for byte in another folder; a regression
 * chooses on R² and reproduces too; and the training service, given no
 * model, makes the same choice as local training.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { TrainingClient } from "../runtime/client/training_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { trainToBundle } from "../runtime/train/train.ts";
import { runCli } from "./support/cli.ts";
import { friedmanCsv, pointsCsv, twoMoons } from "./support/nonlinear_data.ts";

/** Every file under `dir`, by path relative to it. */
async function filesUnder(dir: string, root = dir): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      for (const [name, bytes] of await filesUnder(path, root)) files.set(name, bytes);
    } else {
      files.set(relative(root, path), await Deno.readFile(path));
    }
  }
  return files;
}

/** The `--model auto` sentence of a model.yaml's technical description. */
async function selectionSentence(bundleDir: string): Promise<string> {
  const spec = parse(await Deno.readTextFile(join(bundleDir, "model.yaml"))) as {
    description: { technical: string };
  };
  const match = spec.description.technical.match(/Model selection \(--model auto\):.*$/);
  assert.ok(match, spec.description.technical);
  return match[0];
}

const MOONS = pointsCsv(twoMoons(500, 0.15, 4), ["top", "bottom"]);

Deno.test("auto: the CLI default names each candidate, reports every score, passes --check, reproduces", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_auto_" });
  try {
    const csvPath = join(dir, "moons.csv");
    await Deno.writeTextFile(csvPath, MOONS);
    const train = (out: string) =>
      runCli(["--train", csvPath, "--out", join(dir, out), "--seed", "5"]);
    const first = await train("a");
    assert.equal(first.code, 0, first.stderr);
    for (const candidate of ["linear (1/3)", "mlp (2/3)", "trees (3/3)"]) {
      assert.match(
        first.stderr,
        new RegExp(
          `auto: candidate ${
            candidate.replace(/[()]/g, "\\$&")
          }: 5-fold cross-validation over 400 rows`,
        ),
      );
    }
    const chosen = first.stderr.match(/auto: chose (\w+) \(validation accuracy (\d\.\d{4})/);
    assert.ok(chosen, first.stderr);
    assert.notEqual(chosen[1], "linear", "two moons need a nonlinear model");
    const bundle = join(dir, "a", "0.1.0");

    const sentence = await selectionSentence(bundle);
    assert.match(
      sentence,
      new RegExp(
        `^Model selection \\(--model auto\\): linear, mlp, trees were each scored by 5-fold ` +
          `cross-validation over the 400 training rows, each fold fitted on about 320 of them ` +
          `and every row scored once \\(validation accuracy: linear 0\\.\\d{4}, mlp ` +
          `[01]\\.\\d{4}, trees [01]\\.\\d{4}\\); (${chosen[1]} scored best and was|.*so ` +
          `${chosen[1]} was chosen and) refitted on all 400 training rows\\.$`,
      ),
    );
    const report = await Deno.readTextFile(join(bundle, "report.md"));
    assert.match(report, /\| candidate \| validation accuracy \| validation log-loss \| chosen \|/);
    for (const kind of ["linear", "mlp", "trees"]) {
      assert.match(report, new RegExp(`^\\| ${kind} \\| [01]\\.\\d{4} \\| \\d+\\.\\d{4} \\|`, "m"));
    }
    assert.match(
      report,
      new RegExp(`^\\| ${chosen[1]} \\| ${chosen[2]} \\| \\d+\\.\\d{4} \\| ✓ \\|$`, "m"),
    );

    const check = await runCli(["--check", "--bundle", bundle]);
    assert.equal(check.code, 0, check.stdout + check.stderr);

    const second = await train("b");
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(
      await filesUnder(join(dir, "b", "0.1.0")),
      await filesUnder(bundle),
      "the same seed writes the same bytes",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("auto: a regression chooses on R², records it, and reproduces byte for byte", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_auto_regression_" });
  try {
    const csvText = friedmanCsv(600);
    const train = (out: string) =>
      trainToBundle({ csvPath: "friedman.csv", csvText, outDir: join(dir, out), seed: 9 });
    const report = await train("a");
    assert.equal(report.task, "regression");
    assert.ok(report.selection, "auto is the default");
    assert.equal(report.model, report.selection.chosen);
    assert.equal(report.selection.metric, "R²");
    assert.notEqual(report.model, "linear");
    assert.match(
      await selectionSentence(report.paths.bundleDir),
      /\(validation R²: linear 0\.\d{4}, mlp 0\.\d{4}, trees 0\.\d{4}\)/,
    );
    const again = await train("b");
    assert.deepEqual(
      await filesUnder(again.paths.bundleDir),
      await filesUnder(report.paths.bundleDir),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("auto: the training service, given no model, makes the same choice as local training", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_auto_service_" });
  const server = await serveModel({
    port: 0,
    httpPort: null,
    trainingDir: join(dir, "jobs"),
    log: createLogger("silent"),
  });
  const training = new TrainingClient(`127.0.0.1:${server.port}`);
  try {
    const job = await training.train({
      modelName: "moons",
      csvBytes: new TextEncoder().encode(MOONS),
    });
    const done = await training.follow(job.training_id);
    assert.equal(done.state, "COMPLETED", done.error);
    const local = await trainToBundle({
      csvPath: "moons.csv",
      csvText: MOONS,
      outDir: join(dir, "local"),
    });
    assert.equal(done.model, local.model, "the status names auto's choice");
    assert.equal(
      await selectionSentence(done.bundle_dir),
      await selectionSentence(local.paths.bundleDir),
    );
    assert.deepEqual(
      await Deno.readFile(join(done.bundle_dir, "model.onnx")),
      await Deno.readFile(local.paths.model),
      "the same model, byte for byte",
    );
  } finally {
    training.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
