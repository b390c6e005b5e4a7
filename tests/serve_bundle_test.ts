/**
 * The serve bundle (runtime/cli/serve_bundle.ts, scripts/serve_bundle.ts):
 *
 * - freshness: a bundle is used only while every input still hashes as its
 *   manifest says (a changed, missing or extra byte, or a replaced bundle,
 *   makes it stale);
 * - relocation: module locations are re-based onto the bundle's folder and
 *   any other use of a module's location fails the build;
 * - the real bundle, built here, serves: Status, Run, then the services
 *   mounted later from inside the bundle (REST health, /metrics counting the
 *   Run: one set of modules, not a bundled and a source copy), a model of
 *   its own code (its worker found from the bundle; errors keep their kind),
 *   and main.ts picks it while it is fresh.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import {
  inputsHash,
  inputStamps,
  SERVE_BUNDLE_FILES,
  serveBundleIsFresh,
  type ServeBundleManifest,
} from "../runtime/cli/serve_bundle.ts";
import { buildServeBundle, relocate } from "../scripts/serve_bundle.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { GREETER_SOURCE, greetHelper, writeCodeBundle } from "./support/code_bundles.ts";
import { freePort } from "./support/free_port.ts";

const VALID_ROW = JSON.stringify({
  sepal_length: 5.1,
  sepal_width: 3.5,
  petal_length: 1.4,
  petal_width: 0.2,
});

Deno.test("a serve bundle is fresh only while its inputs and size are as recorded", async () => {
  const root = await Deno.makeTempDir({ prefix: "serve_bundle_fresh_" });
  try {
    await Deno.mkdir(join(root, dirname(SERVE_BUNDLE_FILES.bundle)), { recursive: true });
    await Deno.writeTextFile(join(root, "a.ts"), "export const a = 1;\n");
    await Deno.writeTextFile(join(root, SERVE_BUNDLE_FILES.bundle), "bundle");
    const manifest: ServeBundleManifest = {
      inputs: ["a.ts"],
      inputsHash: await inputsHash(["a.ts"], root),
      bundleBytes: 6,
    };
    const writeManifest = (value: unknown) =>
      Deno.writeTextFile(join(root, SERVE_BUNDLE_FILES.manifest), JSON.stringify(value));
    await writeManifest(manifest);
    assert.equal(await serveBundleIsFresh(root), true);
    await Deno.writeTextFile(join(root, "a.ts"), "export const a = 2;\n");
    assert.equal(await serveBundleIsFresh(root), false, "a changed input");
    await Deno.writeTextFile(join(root, "a.ts"), "export const a = 1;\n");
    assert.equal(await serveBundleIsFresh(root), true);
    await Deno.writeTextFile(join(root, SERVE_BUNDLE_FILES.bundle), "bundle!");
    assert.equal(await serveBundleIsFresh(root), false, "a replaced bundle");
    await Deno.writeTextFile(join(root, SERVE_BUNDLE_FILES.bundle), "bundle");
    await writeManifest({ ...manifest, inputs: ["a.ts", "gone.ts"] });
    assert.equal(await serveBundleIsFresh(root), false, "a missing input");
    await writeManifest("not a manifest");
    assert.equal(await serveBundleIsFresh(root), false, "a broken manifest");
    await Deno.remove(join(root, SERVE_BUNDLE_FILES.manifest));
    assert.equal(await serveBundleIsFresh(root), false, "no manifest");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a serve bundle's stamps spare the hashing while every input keeps its size and time", async () => {
  const root = await Deno.makeTempDir({ prefix: "serve_bundle_stamps_" });
  try {
    await Deno.mkdir(join(root, dirname(SERVE_BUNDLE_FILES.bundle)), { recursive: true });
    await Deno.writeTextFile(join(root, SERVE_BUNDLE_FILES.bundle), "bundle");
    const input = join(root, "a.ts");
    await Deno.writeTextFile(input, "export const a = 1;\n");
    const now = Date.now();
    // Just written: no stamp, so a same-millisecond edit can never pass for the stamped file.
    assert.deepEqual(inputStamps(["a.ts"], now, root), [null]);
    const past = new Date(now - 60_000);
    await Deno.utime(input, past, past);
    const stamps = inputStamps(["a.ts"], now, root);
    assert.deepEqual(stamps, [[20, past.getTime()]]);
    const writeManifest = (manifest: ServeBundleManifest) =>
      Deno.writeTextFile(join(root, SERVE_BUNDLE_FILES.manifest), JSON.stringify(manifest));
    // A recorded hash that no longer holds: only the stamps can make this bundle fresh.
    await writeManifest({ inputs: ["a.ts"], inputsHash: "0", bundleBytes: 6, stamps });
    assert.equal(await serveBundleIsFresh(root), true, "stamps hold: the inputs are not read");
    await Deno.writeTextFile(input, "export const a = 2;\n");
    assert.equal(await serveBundleIsFresh(root), false, "a same-size edit changes the time");
    const hash = await inputsHash(["a.ts"], root);
    await writeManifest({ inputs: ["a.ts"], inputsHash: hash, bundleBytes: 6, stamps });
    assert.equal(await serveBundleIsFresh(root), true, "stamps off: the hash decides");
    await writeManifest({ inputs: ["a.ts"], inputsHash: "0", bundleBytes: 6, stamps: [null] });
    assert.equal(await serveBundleIsFresh(root), false, "an input without a stamp is hashed");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("relocation re-bases module URLs and __dirname, and refuses other locations", () => {
  const root = "/project";
  const text = [
    'import { createRequire } from "node:module";',
    "var __require = createRequire(import.meta.url);",
    "// runtime/core/jobs.ts",
    'new Worker(new URL("../train/worker.ts", import.meta.url));',
    "// node_modules/.deno/pkg@1.0.0/node_modules/pkg/build/index.js",
    "var proto = `${__dirname}/../proto`;",
    "// runtime/assets.ts",
    'var here = import.meta.dirname ?? ".";',
  ].join("\n");
  const { code, sources } = relocate(text, root, "/project/runtime");
  assert.deepEqual(sources, ["runtime/core/jobs.ts", "runtime/assets.ts"]);
  assert.match(code, /new URL\("\.\/train\/worker\.ts", import\.meta\.url\)/);
  assert.match(
    code,
    /__bundledModuleDir\("\.\.\/node_modules\/\.deno\/pkg@1\.0\.0\/node_modules\/pkg\/build"\)/,
  );
  assert.match(code, /^import \{ fileURLToPath as __fileURLToPath \} from "node:url";/);
  assert.match(
    code,
    /var here = import\.meta\.dirname/,
    "a module of the bundle's folder keeps it",
  );
  assert.throws(
    () =>
      relocate("// runtime/core/x.ts\nconst here = import.meta.dirname;", root, "/project/runtime"),
    /unsupported use of import\.meta in \/project\/runtime\/core\/x\.ts/,
  );
  assert.throws(
    () => relocate("// node_modules/p/i.js\nconst f = __filename;", root, "/project/runtime"),
    /unsupported __filename/,
  );
});

Deno.test("the serve bundle serves Status, Run, REST health and /metrics as one module set; main.ts picks it while fresh", async () => {
  const { manifest } = await buildServeBundle();
  for (
    const input of [
      "runtime/cli/serve_command.ts",
      "runtime/server/late_stage.ts",
      "runtime/protocols/oip/oip_rest.ts",
      "deno.lock",
    ]
  ) {
    assert.ok(manifest.inputs.includes(input), input);
  }
  // Run the bundle itself (main.ts would fall back to source if a file changed meanwhile).
  const driver = await Deno.makeTempFile({ prefix: "serve_bundle_driver_", suffix: ".ts" });
  await Deno.writeTextFile(
    driver,
    [
      `import { parseCommandLine } from ${
        JSON.stringify(join(PROJECT_ROOT, "runtime/cli/flags.ts"))
      };`,
      `import { createLogger } from ${JSON.stringify(join(PROJECT_ROOT, "runtime/base/log.ts"))};`,
      `const bundle = ${JSON.stringify(join(PROJECT_ROOT, SERVE_BUNDLE_FILES.bundle))};`,
      "const { serveCommand } = await import(bundle);",
      "const command = parseCommandLine(Deno.args, () => undefined);",
      'if (command.kind !== "run") throw new Error("bad flags");',
      'Deno.exit(await serveCommand(command.options, createLogger("warn")));',
    ].join("\n"),
  );
  const port = freePort();
  const httpPort = freePort();
  // A repository with a model of its own code: its worker is found from the bundle too.
  const models = await Deno.makeTempDir({ prefix: "serve_bundle_models_" });
  await writeCodeBundle(join(models, "Greeter"), {
    files: { "model.ts": GREETER_SOURCE, "lib/greet.ts": greetHelper() },
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      driver,
      "--serve",
      "--port",
      String(port),
      "--http-port",
      String(httpPort),
      "--models",
      models,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const client = new ModzyClient(`127.0.0.1:${port}`);
  try {
    const status = await client.status({ waitForReady: true });
    assert.equal(status.status_code, 200);
    const run = await client.run([{ "input.json": new TextEncoder().encode(VALID_ROW) }]);
    assert.equal(run.outputs[0].success, true);
    // Model code answers, and its errors keep their kind in the bundled server.
    const greeted = await client.run(
      [{ "input.json": new TextEncoder().encode('{"name":"bundle"}') }, {
        "input.json": new TextEncoder().encode('{"mode":"bad"}'),
      }],
      {},
      { modelId: "Greeter" },
    );
    assert.match(
      new TextDecoder().decode(greeted.outputs[0].output["results.json"]),
      /Hello bundle/,
    );
    assert.equal(greeted.outputs[1].success, false);
    const badInfer = await fetchWhenUp(`http://127.0.0.1:${httpPort}/v2/models/Greeter/infer`, {
      method: "POST",
      body: JSON.stringify({
        inputs: [{ name: "input.json", datatype: "BYTES", shape: [1], data: ['{"mode":"bad"}'] }],
      }),
    });
    assert.deepEqual([badInfer.status, await badInfer.json()], [400, { error: "bad mode" }]);
    const ready = await fetchWhenUp(`http://127.0.0.1:${httpPort}/v2/health/ready`);
    assert.equal(ready.status, 200);
    await ready.body?.cancel();
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    assert.match(
      metrics,
      /model_runtime_requests_total\{[^}]*door="modzy"[^}]*operation="run"[^}]*\} 1/,
      "the Run, counted by the bundled data plane, shows in the bundled /metrics",
    );
  } finally {
    client.close();
    child.kill("SIGTERM");
    const { code } = await child.status;
    await child.stderr.cancel();
    await Deno.remove(driver);
    await Deno.remove(models, { recursive: true });
    assert.equal(code, 0);
  }
  // main.ts runs the bundle while it is fresh (a file edited meanwhile makes it stale: then not).
  const fresh = await serveBundleIsFresh();
  const checked = await runMainServeBriefly();
  if (fresh) assert.match(checked, /running the serve bundle/);
});

/** Starts `main.ts --serve --log-level debug`, waits for a Status 200, stops it; its stderr. */
async function runMainServeBriefly(): Promise<string> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
      "--serve",
      "--port",
      String(port),
      "--http-port",
      String(freePort()),
      "--log-level",
      "debug",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const client = new ModzyClient(`127.0.0.1:${port}`);
  try {
    assert.equal((await client.status({ waitForReady: true })).status_code, 200);
  } finally {
    client.close();
    child.kill("SIGTERM");
  }
  const output = await child.output();
  return new TextDecoder().decode(output.stderr);
}

async function fetchWhenUp(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 0;; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
