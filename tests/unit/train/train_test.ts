/**
 * trainToBundle end to end on generated CSVs (2 and 4 classes): the files
 * of the bundle, model.yaml as the bundle loader reads it, test cases that
 * the served model reproduces, option errors, "nothing written" on bad data,
 * refusal of a non-empty target without force, and the atomic writer.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { loadBundle } from "../../../runtime/bundle/load.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { createModelWrapper } from "../../../runtime/hosting/module_registry.ts";
import { seededRandom } from "../../../runtime/train/random.ts";
import { trainToBundle } from "../../../runtime/train/train.ts";
import type { TrainOptions } from "../../../runtime/train/train_types.ts";
import { writeBundle } from "../../../runtime/train/write_bundle.ts";

const RUN = { detectDrift: false, explain: false };

/** Rows of Gaussian blobs; `labelFirst` puts the label in the first column. */
function blobsCsv(centres: number[][], labels: string[], perClass: number, labelFirst = false) {
  const random = seededRandom(11);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const names = centres[0].map((_, f) => `m${f}`);
  const lines = [labelFirst ? ["class", ...names].join(",") : [...names, "class"].join(",")];
  for (let i = 0; i < perClass; i++) {
    centres.forEach((centre, c) => {
      const values = centre.map((mean) => (mean + gaussian()).toFixed(3));
      lines.push((labelFirst ? [labels[c], ...values] : [...values, labels[c]]).join(","));
    });
  }
  return lines.join("\n") + "\n";
}

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "train_bundle_test_" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const relative = prefix + entry.name;
    names.push(relative);
    if (entry.isDirectory) names.push(...await listTree(join(dir, entry.name), relative + "/"));
  }
  return names.sort();
}

async function rejectsBadRequest(options: TrainOptions, message: string): Promise<void> {
  await assert.rejects(trainToBundle(options), (error: unknown) => {
    assert.ok(error instanceof RuntimeError, `expected a RuntimeError, got ${error}`);
    assert.equal(error.kind, "bad_request");
    assert.equal(error.message, message);
    return true;
  });
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

Deno.test("trainToBundle: 2-class CSV gives a complete, loadable, self-consistent bundle", async () => {
  await withTempDir(async (dir) => {
    const csvPath = join(dir, "churn.csv");
    await Deno.writeTextFile(csvPath, blobsCsv([[0, 0, 1], [2, 2, 0]], ["stay", "leave"], 40));
    const out = join(dir, "bundles");
    const lines: string[] = [];
    const report = await trainToBundle({
      csvPath,
      outDir: out,
      model: "linear",
      progress: (l) => lines.push(l),
    });
    assert.ok(report.task === "classification");

    assert.equal(report.name, "churn");
    assert.equal(report.version, "0.1.0");
    assert.deepEqual(report.classLabels, ["leave", "stay"]);
    assert.deepEqual(report.rows, { total: 80, train: 64, holdout: 16 });
    assert.equal(report.seed, 42);
    assert.ok(report.optimizer.converged);
    assert.ok(report.metrics.accuracy >= 0.85, `accuracy ${report.metrics.accuracy}`);
    assert.ok(report.exportMaxDifference <= 1e-4);
    assert.ok(report.timings.totalMs > 0);
    assert.ok(lines.some((line) => line.startsWith("read 80 rows from")), lines.join("\n"));
    assert.equal(report.paths.bundleDir, join(out, "0.1.0"));

    const tree = await listTree(out);
    assert.deepEqual(tree.filter((name) => !name.includes("test_cases/")), [
      "0.1.0",
      "0.1.0/docker_metadata.yaml",
      "0.1.0/model.onnx",
      "0.1.0/model.yaml",
      "0.1.0/report.md",
      "0.1.0/report.svg",
      "0.1.0/test_cases",
    ]);
    assert.equal(report.paths.testCases.length, 3, "at least 3 test cases even with 2 classes");

    const bundle = await loadBundle(report.paths.bundleDir);
    const { spec } = bundle;
    assert.equal(spec.name, "churn");
    assert.equal(spec.specification, "0.4");
    assert.equal(spec.type, "grpc");
    assert.deepEqual(spec.missing, []);
    assert.deepEqual([...spec.inputs.keys()], ["input.json"]);
    assert.deepEqual(spec.inputs.get("input.json")?.acceptedMediaTypes, ["application/json"]);
    assert.deepEqual([...spec.outputs.keys()], ["results.json"]);
    assert.equal(spec.timeout.status, "20s");
    assert.equal(spec.timeout.run, "20s");
    assert.equal(spec.features.maxBatchSize, 64);
    assert.equal(spec.features.retrainable, true);
    assert.equal(spec.features.resultsFormat, "classPredictions");
    assert.equal(spec.metrics[0].label, "Accuracy");
    assert.equal(spec.metrics[0].value, Math.round(report.metrics.accuracy * 10000) / 10000);
    assert.deepEqual(spec.module, {
      id: "tabular-classifier",
      config: {
        artifact: "model.onnx",
        features: ["m0", "m1", "m2"],
        labels: ["leave", "stay"],
        input: "input.json",
        output: "results.json",
      },
    });
    for (const paragraph of Object.values(spec.description)) assert.notEqual(paragraph, "");
    assert.equal(bundle.docker?.id, "churn");
    assert.equal(bundle.testCases.length, 3);

    const wrapper = createModelWrapper(spec);
    await wrapper.initialize({ bundle });
    try {
      for (const testCase of bundle.testCases) {
        const input = new Map([[
          "input.json",
          await Deno.readFile(testCase.inputs.get("input.json")!),
        ]]);
        const output = await wrapper.handleInput(input, RUN);
        assert.deepEqual(
          new TextDecoder().decode(output.get("results.json")),
          await Deno.readTextFile(testCase.outputs.get("results.json")!),
          testCase.name,
        );
      }
    } finally {
      await wrapper.close?.();
    }
  });
});

Deno.test("trainToBundle: 4-class CSV with a named label column, name, version and seed", async () => {
  await withTempDir(async (dir) => {
    const csvPath = join(dir, "compass.csv");
    const centres = [[0, 0], [5, 0], [0, 5], [5, 5]];
    await Deno.writeTextFile(
      csvPath,
      blobsCsv(centres, ["east", "north", "south", "west"], 25, true),
    );
    const out = join(dir, "bundles");
    const report = await trainToBundle({
      csvPath,
      outDir: out,
      name: "Compass",
      bundleVersion: "2.3.4",
      label: "class",
      seed: 7,
      model: "linear",
    });
    assert.ok(report.task === "classification");
    assert.deepEqual(report.featureNames, ["m0", "m1"]);
    assert.deepEqual(report.classLabels, ["east", "north", "south", "west"]);
    assert.equal(report.seed, 7);
    assert.ok(report.metrics.accuracy >= 0.9, `accuracy ${report.metrics.accuracy}`);
    assert.equal(report.metrics.confusion.length, 4);
    assert.equal(report.paths.testCases.length, 4, "one test case per class");
    const yaml = parse(await Deno.readTextFile(join(out, "2.3.4", "model.yaml")));
    assert.equal(yaml.name, "Compass");
    assert.equal(yaml.version, "2.3.4");
    assert.match(yaml.description.technical, /seed 7/);
    assert.match(yaml.description.technical, /label column 'class'/);
    const bundle = await loadBundle(join(out, "2.3.4"));
    assert.equal(bundle.testCases.length, 4);
  });
});

Deno.test("trainToBundle: bad options and bad data write nothing", async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, "bundles");
    const good = join(dir, "good.csv");
    await Deno.writeTextFile(good, "a,b,label\n1,2,x\n2,3,x\n5,6,y\n6,5,y\n");
    await rejectsBadRequest(
      { csvPath: good, outDir: out, bundleVersion: "1.0" },
      "bundle version '1.0' must be of the form x.y.z (e.g. 0.1.0)",
    );
    await rejectsBadRequest(
      { csvPath: good, outDir: out, seed: -1 },
      "seed must be a whole number from 0 to 4294967295, got -1",
    );
    await rejectsBadRequest(
      { csvPath: good, outDir: out, name: "  " },
      "model name must not be empty",
    );
    await rejectsBadRequest(
      { csvPath: good, outDir: out, label: "kind" },
      `${good}: label column 'kind' not found; available columns: a, b, label`,
    );
    const ragged = join(dir, "ragged.csv");
    await Deno.writeTextFile(ragged, "a,b,label\n1,2,x\n2,x\n");
    await rejectsBadRequest(
      { csvPath: ragged, outDir: out },
      `${ragged}: line 3: expected 3 fields, got 2`,
    );
    const tiny = join(dir, "tiny.csv");
    await Deno.writeTextFile(tiny, "a,label\n1,x\n2,y\n3,y\n");
    await rejectsBadRequest(
      { csvPath: tiny, outDir: out },
      `${tiny}: too few rows for a holdout split: class 'x' has 1 row; every class needs at ` +
        `least 2 (one to train on, one to validate)`,
    );
    assert.equal(await exists(out), false, "nothing was written");
  });
});

Deno.test("trainToBundle: a non-empty target is refused unless force; other versions are kept", async () => {
  await withTempDir(async (dir) => {
    const csvPath = join(dir, "pairs.csv");
    await Deno.writeTextFile(csvPath, blobsCsv([[0, 0], [3, 3]], ["a", "b"], 10));
    const out = join(dir, "bundles");
    await Deno.mkdir(join(out, "0.1.0"), { recursive: true });
    await Deno.mkdir(join(out, "0.0.9"), { recursive: true });
    await Deno.writeTextFile(join(out, "0.0.9", "keep.txt"), "older version");
    // An empty target folder is fine.
    await trainToBundle({ csvPath, outDir: out, model: "linear" });
    const firstModel = await Deno.readFile(join(out, "0.1.0", "model.onnx"));

    await Deno.writeTextFile(join(out, "0.1.0", "marker.txt"), "mine");
    await rejectsBadRequest(
      { csvPath, outDir: out, model: "linear" },
      `${join(out, "0.1.0")} already exists and is not empty; choose another version, or ` +
        `replace it with force (--force)`,
    );
    assert.equal(await Deno.readTextFile(join(out, "0.1.0", "marker.txt")), "mine");

    await trainToBundle({ csvPath, outDir: out, force: true, model: "linear" });
    assert.equal(await exists(join(out, "0.1.0", "marker.txt")), false, "replaced as a whole");
    assert.deepEqual(await Deno.readFile(join(out, "0.1.0", "model.onnx")), firstModel);
    assert.equal(await Deno.readTextFile(join(out, "0.0.9", "keep.txt")), "older version");
    assert.deepEqual((await listTree(out)).filter((name) => !name.includes("/")), [
      "0.0.9",
      "0.1.0",
    ]);
  });
});

Deno.test("writeBundle: a failing write leaves neither a temp folder nor a target", async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, "fresh");
    const clash = new Map([
      ["model.yaml", new TextEncoder().encode("name: x\n")],
      ["model.yaml/inner.txt", new Uint8Array([1])], // a file cannot also be a folder
    ]);
    await assert.rejects(writeBundle(out, "0.1.0", clash, false));
    assert.equal(await exists(out), false, "the root it created is removed again");

    const kept = join(dir, "kept");
    await Deno.mkdir(join(kept, "0.1.0"), { recursive: true });
    await Deno.writeTextFile(join(kept, "0.1.0", "model.yaml"), "old");
    await assert.rejects(writeBundle(kept, "0.1.0", clash, true));
    assert.deepEqual(await listTree(kept), ["0.1.0", "0.1.0/model.yaml"]);
    assert.equal(await Deno.readTextFile(join(kept, "0.1.0", "model.yaml")), "old");

    const files = new Map([
      ["a.txt", new Uint8Array([65])],
      ["deep/er/b.txt", new Uint8Array([66])],
    ]);
    assert.equal(await writeBundle(kept, "0.1.0", files, true), join(kept, "0.1.0"));
    assert.deepEqual(await listTree(kept), [
      "0.1.0",
      "0.1.0/a.txt",
      "0.1.0/deep",
      "0.1.0/deep/er",
      "0.1.0/deep/er/b.txt",
    ]);
  });
});
