/**
 * Bad files a user hands the runtime: corrupt or missing model files, an
 * invalid model.yaml, bad training CSVs. Each gets an error that names the
 * file and the problem; a server over a broken model stays up and says why.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { embeddedBundleRoot } from "../runtime/base/assets.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { RuntimeError } from "../runtime/base/errors.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { readCsvRecords } from "../runtime/train/csv_records.ts";
import { buildTrainingTable } from "../runtime/train/training_table.ts";
import { runCli } from "./support/cli.ts";

const VALID_ROW = '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}';

/** A copy of the embedded bundle's version folder in a temporary folder. */
async function bundleCopy(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bad_bundle_" });
  const source = join(embeddedBundleRoot(), "0.1.0");
  const target = join(root, "0.1.0");
  await Deno.mkdir(target);
  for await (const entry of Deno.readDir(source)) {
    if (entry.isFile) await Deno.copyFile(join(source, entry.name), join(target, entry.name));
  }
  return target;
}

async function serveBroken(dir: string) {
  return await serveModel({
    bundle: dir,
    port: 0,
    hostname: "127.0.0.1",
    log: createLogger("silent"),
    httpPort: null,
  });
}

Deno.test("corrupt model.onnx: the server stays up; Status 500 and Run items say why", async () => {
  const dir = await bundleCopy();
  try {
    await Deno.writeFile(join(dir, "model.onnx"), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    const server = await serveBroken(dir);
    const client = new ModzyClient(`127.0.0.1:${server.port}`);
    try {
      const status = await client.status();
      assert.equal(status.status_code, 500);
      assert.equal(status.message, "Model Failed to Initialize.");
      const run = await client.run([{ "input.json": new TextEncoder().encode(VALID_ROW) }]);
      assert.equal(run.outputs[0].success, false);
      assert.match(
        new TextDecoder().decode(run.outputs[0].output.error),
        /model\.onnx|load|protobuf|parse/i,
      );
      // Still answering after both.
      assert.equal((await client.status()).status_code, 500);
    } finally {
      client.close();
      await server.stop();
    }
  } finally {
    await Deno.remove(join(dir, ".."), { recursive: true });
  }
});

Deno.test("missing model.onnx and invalid model.yaml are refused with the file named", async () => {
  const dir = await bundleCopy();
  try {
    await Deno.remove(join(dir, "model.onnx"));
    const missing = await serveBroken(dir).then(
      async (server) => {
        const client = new ModzyClient(`127.0.0.1:${server.port}`);
        const status = await client.status();
        client.close();
        await server.stop();
        return `status ${status.status_code}`;
      },
      (error: RuntimeError) => error.message,
    );
    assert.match(missing, /model\.onnx|status 500/);

    for (
      const [yaml, pattern] of [
        ["name: [unclosed", /model\.yaml/],
        ["- just\n- a list\n", /model\.yaml/],
        ["\u0000\u0001binary", /model\.yaml/],
      ] as const
    ) {
      await Deno.writeTextFile(join(dir, "model.yaml"), yaml);
      await assert.rejects(serveBroken(dir), (error: Error) => {
        assert.match(error.message, pattern);
        return true;
      });
    }
    const original = await Deno.readTextFile(join(embeddedBundleRoot(), "0.1.0", "model.yaml"));
    await Deno.writeTextFile(
      join(dir, "model.yaml"),
      original.replace("version: 0.1.0", "version: banana"),
    );
    await assert.rejects(serveBroken(dir), /version/);
  } finally {
    await Deno.remove(join(dir, ".."), { recursive: true });
  }
});

Deno.test("bad training CSVs: each refused with the file, and the line where it applies", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bad_csv_" });
  try {
    const cases: [string, string | Uint8Array, RegExp][] = [
      ["empty.csv", "", /empty/],
      ["header-only.csv", "a,b,label\n", /no data rows|header/],
      ["ragged.csv", "a,b,label\n1,2,x\n1,y\n3,4,y\n", /line 3|row|column/],
      ["text-in-numbers.csv", "a,b,label\n1,2,x\n1,two,y\n3,4,y\n", /two|numeric|number/],
      ["one-class.csv", "a,b,label\n1,2,x\n3,4,x\n", /class/],
      ["quote.csv", 'a,b,label\n1,2,"x\n3,4,y\n', /invalid CSV|quote/i],
      ["binary.csv", new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x0a]), /UTF-8|invalid|empty|header/],
    ];
    for (const [name, content, pattern] of cases) {
      const path = join(dir, name);
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else await Deno.writeFile(path, content);
      await assert.rejects(
        async () => buildTrainingTable(path, await readCsvRecords(path)),
        (error: RuntimeError) => {
          assert.ok(error instanceof RuntimeError, String(error));
          assert.equal(error.kind, "bad_request");
          assert.match(error.message, new RegExp(name.replace(".", "\\.")));
          assert.match(error.message, pattern, `${name}: ${error.message}`);
          return true;
        },
      );
    }
    await assert.rejects(readCsvRecords(join(dir, "absent.csv")), /absent\.csv: cannot read/);
    // End to end: the CLI prints one line naming the file and exits 1.
    const cli = await runCli(["--train", join(dir, "ragged.csv"), "--out", join(dir, "out")]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /ragged\.csv/);
    assert.doesNotMatch(cli.stderr, /\n\s+at /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
