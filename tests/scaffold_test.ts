/**
 * `--scaffold`: wrapping plain ONNX files (FP32, and one mixing BYTES, INT64
 * and FP16 with a fixed shape) into bundles that pass `--check`, served by
 * the onnx-tensor module over both doors; and the refusals (missing file,
 * existing folder without --force, no --out). A real model the made-up
 * sample cannot run — Silero VAD v5, as npm:@ricky0123/vad-web ships it —
 * fails naming `--sample`, and scaffolds with `--sample`, with and without
 * `--wrapper` (its own model.ts, which type-checks, lints and passes --check).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { encodeOnnxModel } from "../runtime/backends/onnx/model_writer.ts";
import { loadBundle } from "../runtime/bundle/load.ts";
import { scaffoldBundle } from "../runtime/scaffold/scaffold_bundle.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";
import { addModel, modelOf } from "./fixtures/onnx/models.ts";
import { PROJECT_ROOT, runCli } from "./support/cli.ts";

/** Silero VAD v5 as the examples' npm:@ricky0123/vad-web ships it (installed by the workspace). */
const SILERO = join(PROJECT_ROOT, "node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx");

/** An input Silero accepts: 64 + 512 samples of a 440 Hz tone at 16 kHz, a zero state. */
function sileroSample(): string {
  const audio = Array.from(
    { length: 576 },
    (_, i) => 0.1 * Math.sin(2 * Math.PI * 440 * i / 16000),
  );
  return JSON.stringify({
    inputs: [
      { name: "input", datatype: "FP32", shape: [1, 576], data: audio },
      { name: "state", datatype: "FP32", shape: [2, 1, 128], data: new Array(256).fill(0) },
      { name: "sr", datatype: "INT64", shape: [], data: [16000] },
    ],
  });
}

function mixedModel() {
  return modelOf({
    name: "mixed",
    inputs: [
      { name: "text", type: "string", shape: ["n"] },
      { name: "count", type: "int64", shape: [2] },
      { name: "half", type: "float16", shape: ["b", 2] },
    ],
    outputs: [
      { name: "text_out", type: "string", shape: ["n"] },
      { name: "count_out", type: "int64", shape: [2] },
      { name: "half_out", type: "float16", shape: ["b", 2] },
    ],
    initializers: [],
    nodes: [
      { opType: "Identity", inputs: ["text"], outputs: ["text_out"] },
      { opType: "Identity", inputs: ["count"], outputs: ["count_out"] },
      { opType: "Relu", inputs: ["half"], outputs: ["half_out"] },
    ],
  });
}

Deno.test("scaffold: CLI wraps ONNX files into bundles that pass --check", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-" });
  try {
    for (
      const [file, spec] of [["adder.onnx", addModel()], ["mixed.onnx", mixedModel()]] as const
    ) {
      const onnx = join(temp, file);
      await Deno.writeFile(onnx, encodeOnnxModel(spec));
      const out = join(temp, `${file}-bundle`);
      const made = await runCli(["--scaffold", onnx, "--out", out, "--quiet"]);
      assert.equal(made.code, 0, made.stderr);
      assert.equal(made.stdout.trim(), join(out, "0.1.0"));
      const checked = await runCli(["--check", "--bundle", out]);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      assert.match(checked.stdout, /4 passed, 0 failed/);
    }
    const yaml = parse(await Deno.readTextFile(join(temp, "mixed.onnx-bundle/0.1.0/model.yaml")));
    assert.equal(yaml.name, "mixed");
    assert.equal(yaml.module.id, "onnx-tensor");
    assert.equal(yaml.features.maxBatchSize, 1);
    assert.match(yaml.description.technical, /'half' FP16 \[-1, 2\]/);
    const sample = JSON.parse(
      await Deno.readTextFile(join(temp, "mixed.onnx-bundle/0.1.0/test_cases/sample/results.json")),
    );
    assert.deepEqual(sample.outputs, [
      { name: "text_out", datatype: "BYTES", shape: [1], data: ["sample"] },
      { name: "count_out", datatype: "INT64", shape: [2], data: [0, 0] },
      { name: "half_out", datatype: "FP16", shape: [1, 2], data: [0.25, 0.5] },
    ]);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("scaffold: the bundle serves over OIP REST with introspected metadata", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-" });
  try {
    const onnx = join(temp, "model.onnx");
    await Deno.writeFile(onnx, encodeOnnxModel(addModel()));
    const result = await scaffoldBundle({ onnxPath: onnx, out: temp, name: "My Adder" });
    const bundle = await loadBundle(result.dir);
    assert.equal(bundle.testCases.length, 1);
    assert.equal(bundle.spec.features.maxBatchSize, 8);
    const server = await serveModel({ bundle: result.dir, port: 0, log: createLogger("silent") });
    try {
      const base = `http://127.0.0.1:${server.http!.port}`;
      const metadata = await (await fetch(`${base}/v2/models/my-adder`)).json();
      assert.deepEqual(metadata.inputs, [{ name: "x", datatype: "FP32", shape: [-1, 3] }]);
      const answer = await fetch(`${base}/v2/models/my-adder/infer`, {
        method: "POST",
        body: JSON.stringify({
          inputs: [{ name: "x", datatype: "FP32", shape: [1, 3], data: [1, 1, 1] }],
        }),
      });
      assert.deepEqual((await answer.json()).outputs[0].data, [11, 21, 31]);
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("scaffold: refuses a missing file, an existing folder and a missing --out", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-" });
  try {
    const missing = await runCli(["--scaffold", join(temp, "none.onnx"), "--out", temp]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the ONNX file/);
    const onnx = join(temp, "m.onnx");
    await Deno.writeFile(onnx, encodeOnnxModel(addModel()));
    await scaffoldBundle({ onnxPath: onnx, out: join(temp, "b") });
    await assert.rejects(
      scaffoldBundle({ onnxPath: onnx, out: join(temp, "b") }),
      /is not empty; pass --force/,
    );
    await scaffoldBundle({ onnxPath: onnx, out: join(temp, "b"), force: true });
    const noOut = await runCli(["--scaffold", onnx]);
    assert.equal(noOut.code, 2);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("scaffold: Silero VAD fails on the made-up sample naming --sample, and passes with one", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-silero-" });
  try {
    const madeUp = await runCli(["--scaffold", SILERO, "--out", join(temp, "a"), "--quiet"]);
    assert.equal(madeUp.code, 1);
    assert.match(
      madeUp.stderr,
      /cannot scaffold: the model cannot run the made-up sample inputs \('input' FP32 \[1, 1\], 'state' FP32 \[2, 1, 128\], 'sr' INT64 \[\]: .*Pad reflect requires axis length >= 2.*\. Pass --sample FILE, an input\.json of inputs the model accepts/,
    );
    await assert.rejects(Deno.stat(join(temp, "a", "0.1.0")), Deno.errors.NotFound, "removed");

    const sample = join(temp, "input.json");
    await Deno.writeTextFile(sample, sileroSample());
    const made = await runCli(["--scaffold", SILERO, "--out", join(temp, "a"), "--sample", sample]);
    assert.equal(made.code, 0, made.stderr);
    const checked = await runCli(["--check", "--bundle", join(temp, "a")]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /4 passed, 0 failed/);
    const answer = JSON.parse(
      await Deno.readTextFile(join(temp, "a/0.1.0/test_cases/sample/results.json")),
    );
    assert.deepEqual(answer.outputs.map((o: { name: string }) => o.name), ["output", "stateN"]);

    const missing = await runCli([
      "--scaffold",
      SILERO,
      "--out",
      join(temp, "b"),
      "--sample",
      join(temp, "none.json"),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the --sample .*none\.json/);
    await Deno.writeTextFile(join(temp, "bad.json"), '{"tensors": []}');
    const bad = await runCli([
      "--scaffold",
      SILERO,
      "--out",
      join(temp, "b"),
      "--sample",
      join(temp, "bad.json"),
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.json must hold \{"inputs"/);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("scaffold --wrapper: a model.ts with hooks that checks, lints and passes --check", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-wrapper-" });
  try {
    // Silero with a test-case folder as the sample; the adder with the made-up sample.
    const caseDir = join(temp, "case");
    await Deno.mkdir(caseDir);
    await Deno.writeTextFile(join(caseDir, "input.json"), sileroSample());
    const adder = join(temp, "adder.onnx");
    await Deno.writeFile(adder, encodeOnnxModel(addModel()));
    for (
      const [onnx, out, extra] of [
        [SILERO, join(temp, "silero"), ["--sample", caseDir]],
        [adder, join(temp, "adder"), []],
      ] as const
    ) {
      const made = await runCli(["--scaffold", onnx, "--out", out, "--wrapper", ...extra]);
      assert.equal(made.code, 0, made.stderr);
      const dir = join(out, "0.1.0");
      const yaml = parse(await Deno.readTextFile(join(dir, "model.yaml")));
      assert.deepEqual(yaml.module, { code: "model.ts", config: {} });
      const code = await Deno.readTextFile(join(dir, "model.ts"));
      assert.match(code, /openOnnxSession\(join\(context\.bundle\.dir, "model\.onnx"\)\)/);
      assert.match(code, /---- PRE-PROCESSING: input files -> tensors \(edit here\)/);
      assert.match(code, /---- POST-PROCESSING: output tensors -> output files \(edit here\)/);
      const checked = await runCli(["--check", "--bundle", out]);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      assert.match(checked.stdout, /4 passed, 0 failed/);
      for (const tool of ["check", "lint"]) {
        const config = `--config=${join(PROJECT_ROOT, "deno.json")}`;
        const result = await new Deno.Command(Deno.execPath(), {
          args: [tool, config, join(dir, "model.ts")],
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(result.code, 0, `deno ${tool}: ${new TextDecoder().decode(result.stderr)}`);
      }
    }
    const answer = JSON.parse(
      await Deno.readTextFile(join(temp, "silero/0.1.0/test_cases/sample/results.json")),
    );
    const probability = answer.data.result.output;
    assert.deepEqual(probability.shape, [1, 1]);
    assert.ok(probability.data[0] >= 0 && probability.data[0] <= 1);
    const sums = JSON.parse(
      await Deno.readTextFile(join(temp, "adder/0.1.0/test_cases/sample/results.json")),
    );
    assert.deepEqual(Object.keys(sums.data.result), ["y"]);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});
