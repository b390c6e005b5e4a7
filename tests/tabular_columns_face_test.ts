/**
 * The tensor face of pipeline models on the Open Inference Protocol door:
 * a text model takes a BYTES tensor named after its column (raw text, never
 * a hashed vector); a mixed model one tensor per column; mismatched batch
 * sizes are a 400.
 */
import assert from "node:assert/strict";
import { trainToBundle } from "../runtime/train/train.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";
import { mixedCsv, textCsv } from "./support/training_data.ts";

async function withServedModel(
  csvText: string,
  run: (base: string, name: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "columns_face_" });
  const report = await trainToBundle({
    csvPath: "model.csv",
    csvText,
    outDir: dir,
    model: "linear",
  });
  const server = await serveModel({
    bundle: report.paths.bundleDir,
    port: 0,
    log: createLogger("silent"),
  });
  try {
    await run(`http://127.0.0.1:${server.http!.port}`, "model");
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

// deno-lint-ignore no-explicit-any
async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

Deno.test("columns face: a text model takes a BYTES tensor named after its column", async () => {
  await withServedModel(textCsv(15), async (base, name) => {
    const metadata = await (await fetch(`${base}/v2/models/${name}`)).json();
    assert.deepEqual(metadata.inputs, [{ name: "text", datatype: "BYTES", shape: [-1] }]);
    const answer = await post(`${base}/v2/models/${name}/infer`, {
      inputs: [{
        name: "text",
        datatype: "BYTES",
        shape: [2],
        data: ["bake bread with garlic", "the team won the final"],
      }],
      outputs: [{ name: "label" }],
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.deepEqual(answer.json.outputs[0].data, ["cooking", "sports"]);
  });
});

Deno.test("columns face: one tensor per column (FP32 numeric, BYTES categorical and text); batch mismatch is a 400", async () => {
  await withServedModel(mixedCsv(20, true), async (base, name) => {
    const body = (ages: number[] | string[], colours: string[]) => ({
      inputs: [
        { name: "age", datatype: "FP32", shape: [ages.length], data: ages },
        { name: "colour", datatype: "BYTES", shape: [colours.length], data: colours },
        {
          name: "note",
          datatype: "BYTES",
          shape: [colours.length],
          data: colours.map(() => "always pays on time"),
        },
      ],
    });
    const ok = await post(`${base}/v2/models/${name}/infer`, body([50, 50], ["blue", "blue"]));
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const probabilities = ok.json.outputs.find((o: { name: string }) => o.name === "probabilities");
    assert.deepEqual(probabilities.shape, [2, 3]);
    const mismatch = await post(`${base}/v2/models/${name}/infer`, body([50], ["blue", "red"]));
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.json.error, /same batch size/);
  });
});
