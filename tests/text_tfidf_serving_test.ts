/**
 * A free-text column end to end: `--train` on a `text,label` CSV (the
 * default `--model auto`) finds the text column, logs it, and writes a model
 * whose ONNX graph takes the raw string (`text:text`, tf-idf inside the
 * graph); its test cases pass `--check` on the bundle and against a server;
 * the Modzy door takes `{"text": "..."}` and the Open Inference Protocol a
 * BYTES tensor; a number where text belongs is a clear error on both. A
 * regressor with a numeric and a text column passes `--check` too.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { runCli } from "./support/cli.ts";
import { seeded, textCsv } from "./support/training_data.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { OnnxSession } from "../runtime/backends/onnx/session.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Trains `csv` through the CLI with `extra` flags; returns the bundle folder and the log. */
async function train(dir: string, name: string, csv: string, extra: string[] = []) {
  const csvPath = join(dir, `${name}.csv`);
  await Deno.writeTextFile(csvPath, csv);
  const result = await runCli(["--train", csvPath, "--out", join(dir, name), ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return { bundle: result.stdout.trim(), log: result.stderr };
}

Deno.test("text: tf-idf in the graph, served raw over Modzy and OIP, test cases pass --check", async () => {
  const dir = await Deno.makeTempDir({ prefix: "text_tfidf_" });
  try {
    const { bundle, log } = await train(dir, "topics", textCsv(20));
    assert.match(log, /column 'text': free text \([\d.]+ words per value on average\): tf-idf/);
    assert.match(log, /auto: candidate linear \(1\/2\)/, "auto does not try trees on text");
    const spec = parse(await Deno.readTextFile(join(bundle, "model.yaml")));
    const column = spec.module.config.columns[0];
    assert.equal(column.kind, "tfidf");
    assert.ok(column.terms > 20, `terms ${column.terms}`);
    const session = await OnnxSession.open(join(bundle, "model.onnx"));
    try {
      assert.deepEqual(
        session.inputs.map((input) => [input.name, input.type, input.shape]),
        [["features", "float32", [-1, 0]], ["text:text", "string", [-1]]],
      );
    } finally {
      await session.close();
    }
    const cases = [];
    for await (const entry of Deno.readDir(join(bundle, "test_cases"))) cases.push(entry.name);
    assert.equal(cases.length, 4, "one test case per class");
    const caseInput = JSON.parse(
      await Deno.readTextFile(join(bundle, "test_cases", cases[0], "input.json")),
    );
    assert.equal(typeof caseInput.text, "string");

    const local = await runCli(["--check", "--bundle", bundle]);
    assert.equal(local.code, 0, local.stdout + local.stderr);

    const server = await serveModel({ bundle, port: 0, log: createLogger("silent") });
    const modzy = new ModzyClient(`127.0.0.1:${server.port}`);
    try {
      const remote = await runCli([
        "--check",
        "--bundle",
        bundle,
        "--target",
        `127.0.0.1:${server.port}`,
      ]);
      assert.equal(remote.code, 0, remote.stdout + remote.stderr);

      const answer = await modzy.run([
        { "input.json": encode({ text: "Heavy RAIN and a storm on the coast" }) },
        { "input.json": encode({ text: 42 }) },
        { "input.json": encode({ text: "bake the bread with fresh garlic" }) },
      ]);
      const classOf = (index: number) =>
        JSON.parse(decode(answer.outputs[index].output["results.json"])).data.result
          .classPredictions[0].class;
      assert.equal(classOf(0), "weather");
      assert.equal(classOf(2), "cooking", "a bad item in the batch does not disturb the others");
      assert.equal(answer.outputs[1].success, false);
      assert.match(
        decode(answer.outputs[1].output.error),
        /input\.json: feature 'text' must be a string, got 42/,
      );

      const base = `http://127.0.0.1:${server.http!.port}/v2/models/topics`;
      const metadata = await (await fetch(base)).json();
      assert.deepEqual(metadata.inputs, [{ name: "text", datatype: "BYTES", shape: [-1] }]);
      const infer = (body: unknown) =>
        fetch(`${base}/infer`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const ok = await infer({
        inputs: [{
          name: "text",
          datatype: "BYTES",
          shape: [3],
          data: ["the team won the final match", "", "a new song by the band"],
        }],
        outputs: [{ name: "label" }],
      });
      const okJson = await ok.json();
      assert.equal(ok.status, 200, JSON.stringify(okJson));
      assert.equal(okJson.outputs[0].data[0], "sports");
      assert.equal(okJson.outputs[0].data[2], "music");
      const bad = await infer({
        inputs: [{ name: "text", datatype: "FP32", shape: [1], data: [1] }],
      });
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).error, /text/);
    } finally {
      modzy.close();
      await server.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("text: a regressor with a numeric and a free-text column exports and passes --check", async () => {
  const dir = await Deno.makeTempDir({ prefix: "text_tfidf_regression_" });
  try {
    const random = seeded(5);
    const words = ["great", "awful", "fine", "slow", "fast", "cheap", "pricey"];
    const value: Record<string, number> = { great: 3, awful: -3, fast: 1, slow: -1 };
    const rows = Array.from({ length: 150 }, () => {
      const picked = Array.from({ length: 4 }, () => words[Math.floor(random() * words.length)]);
      const x = random() * 4;
      const y = 2 * x + picked.reduce((sum, word) => sum + (value[word] ?? 0), 0) + random();
      return `${x.toFixed(3)},"the service was ${picked.join(" and ")}",${y.toFixed(3)}`;
    });
    const csv = `x,review,score\n${rows.join("\n")}\n`;
    const { bundle } = await train(dir, "reviews", csv, ["--model", "linear"]);
    const spec = parse(await Deno.readTextFile(join(bundle, "model.yaml")));
    assert.equal(spec.module.id, "tabular-regressor");
    assert.deepEqual(
      spec.module.config.columns.map((column: { kind: string }) => column.kind),
      ["numeric", "tfidf"],
    );
    const check = await runCli(["--check", "--bundle", bundle]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
