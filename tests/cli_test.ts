/**
 * The program end to end, as a user runs it: every mode as a child process
 * started from a foreign working directory.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT, runCli } from "./support/cli.ts";
import { startServerProcess } from "./support/server_process.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { MODES } from "../runtime/cli/flags.ts";
import { MODE_SPECS } from "../runtime/cli/flags/modes.ts";
import { freePort } from "./support/free_port.ts";

Deno.test("--help, --version and per-mode help exit 0 on stdout", async () => {
  const help = await runCli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^model-runtime: wrap, train and serve/);
  const version = await runCli(["--version"]);
  assert.match(version.stdout, /^model-runtime 0\.1\.0 \(deno 2\.8\.\d+\)\n$/);
  const trainHelp = await runCli(["--train", "x.csv", "--help"]);
  assert.match(trainHelp.stdout, /^model-runtime --train: train a model/);
});

/** Flags each mode's help must show, written out here as the README promises them. */
const HELP_MENTIONS: Record<string, readonly string[]> = {
  serve: ["--bundle DIR", "--port N", "--config FILE", "--max-queue N", "[config: grpc_port"],
  infer: ["--target HOST:PORT", "--input NAME=PATH", "--json", "--token T"],
  train: ["--train DATA.csv", "--out DIR", "--label COLUMN", "--seed N", "--model"],
  check: ["--bundle DIR", "--target HOST:PORT", "--json", "--tls-ca FILE"],
  "health-check": ["--target HOST:PORT", "--tls-cert FILE"],
  scaffold: ["--scaffold MODEL.onnx", "--out DIR", "--bundle-version X.Y.Z", "--force"],
  init: ["--init DIR", "--name NAME", "--bundle-version X.Y.Z", "--force"],
  predict: ["--predict DATA.csv", "--bundle DIR", "--out FILE"],
  "emit-manifests": ["--emit-manifests DIR", "--replicas N", "--image NAME"],
};

Deno.test("--MODE --help works for every mode: exit 0, that mode's flags on stdout", async () => {
  assert.deepEqual(Object.keys(HELP_MENTIONS), [...MODES]);
  for (let start = 0; start < MODES.length; start += 4) {
    const modes = MODES.slice(start, start + 4);
    const results = await Promise.all(modes.map((mode) => runCli([`--${mode}`, "--help"])));
    results.forEach((result, index) => {
      const mode = modes[index];
      assert.equal(result.code, 0, `${mode}: ${result.stderr}`);
      assert.ok(result.stdout.startsWith(`model-runtime --${mode}: `), result.stdout);
      for (const mention of HELP_MENTIONS[mode]) {
        assert.ok(result.stdout.includes(mention), `${mode} --help: ${mention}`);
      }
      for (const flag of Object.values(MODE_SPECS[mode].flags)) {
        assert.ok(result.stdout.includes(`  --${flag.name}`), `${mode} --help: --${flag.name}`);
      }
    });
  }
});

Deno.test("a usage error prints the message and that mode's usage on stderr, exit 2", async () => {
  const result = await runCli(["--emit-manifests", "out", "--replicas", "0"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    /^error: --replicas takes a whole number from 1 to 9999, got '0'\n\n/,
  );
  assert.match(result.stderr, /\nmodel-runtime --emit-manifests: write deployment manifests/);
  assert.match(result.stderr, /\n {2}--replicas N {2,}replicas to run/);
});

Deno.test("unknown flags are a usage error: message plus usage on stderr, exit 2", async () => {
  const result = await runCli(["--bogus"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^error: Unknown option '--bogus'/);
  assert.match(result.stderr, /Usage:/);
});

Deno.test("infer against no server: one line, exit 1, no stack trace", async () => {
  const port = freePort();
  const result = await runCli(["--infer", "--target", `127.0.0.1:${port}`]);
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], new RegExp(`cannot reach a model server at 127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

Deno.test("serve + infer + check --target on the embedded bundle; Shutdown exits 0", async () => {
  await using server = await startServerProcess();
  const infer = await runCli(["--infer"], { env: { PSC_MODEL_PORT: String(server.port) } });
  assert.equal(infer.code, 0, infer.stderr);
  assert.match(infer.stdout, /^Status: 200 OK: Model Initialized Successfully\.\n/);
  assert.match(
    infer.stdout,
    /Run \(1 item\): 200 OK: Inference executed\n {2}\[1\] ok {3}results\.json \{"data":\{"result":\{"classPredictions":\[/,
  );
  assert.match(infer.stdout, /Run \(8 items\): 200 OK: Inference executed\n/);
  assert.match(infer.stdout, / {2}\[8\] ok /);

  const json = await runCli(["--infer", "--json", "--target", server.target]);
  const lines = json.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(lines.length, 1 + 1 + 8);
  assert.equal(lines[0].message, "Model Already Initialized.");
  assert.ok(lines[1].outputs["results.json"].data.result.classPredictions.length === 3);

  const check = await runCli(["--check", "--target", server.target]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /\n\d+ passed, 0 failed\n$/);

  const client = new ModzyClient(server.target);
  assert.equal((await client.shutdown()).message, "Model Shutdown Successfully.");
  client.close();
  assert.equal(await server.waitForExit(10_000), 0);
});

Deno.test("check runs the embedded test cases in all four flag combinations", async () => {
  const check = await runCli(["--check"]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  for (const flags of ["drift=false explain=false", "drift=true explain=true"]) {
    assert.match(check.stdout, new RegExp(`PASS \\S+ \\(${flags} batch=1\\)`));
  }
  assert.match(check.stdout, /\n\d+ passed, 0 failed\n$/);
});

Deno.test("train iris -> serve the bundle -> check --target passes; accuracy >= 0.9 recorded", async () => {
  const out = await Deno.makeTempDir({ prefix: "trained_" });
  try {
    const train = await runCli([
      "--train",
      join(PROJECT_ROOT, "data", "iris.csv"),
      "--out",
      out,
      "--model",
      "linear",
      "--force",
    ]);
    assert.equal(train.code, 0, train.stderr);
    assert.equal(train.stdout.trim(), join(out, "0.1.0"));
    const spec = parse(await Deno.readTextFile(join(out, "0.1.0", "model.yaml")));
    const accuracy = spec.metrics.find((m: { label: string }) => m.label === "Accuracy");
    assert.ok(accuracy.value >= 0.9, `holdout accuracy ${accuracy.value}`);

    await using server = await startServerProcess({ bundle: out });
    const check = await runCli(["--check", "--bundle", out, "--target", server.target]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /\n\d+ passed, 0 failed\n$/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("a relative --bundle is resolved against the cwd the user typed it in", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "relative_" });
  try {
    const train = await runCli([
      "--train",
      join(PROJECT_ROOT, "data", "iris.csv"),
      "--out",
      "models",
      "--model",
      "linear",
      "--quiet",
    ], {
      cwd,
    });
    assert.equal(train.code, 0, train.stderr);
    assert.equal(train.stderr, "");
    const check = await runCli(["--check", "--bundle", "models", "--quiet"], { cwd });
    assert.equal(check.code, 0, check.stdout + check.stderr);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("serving an invalid bundle fails at start with the reason, exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bad_bundle_" });
  try {
    await Deno.mkdir(join(dir, "1.0.0"));
    await Deno.writeTextFile(join(dir, "1.0.0", "model.yaml"), "name: x\nversion: 2.0.0\n");
    const result = await runCli(["--serve", "--bundle", dir, "--port", "0"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot serve: .*model\.yaml: version: .*2\.0\.0.*1\.0\.0/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SIGTERM stops the server with exit 0", async () => {
  await using server = await startServerProcess();
  const client = new ModzyClient(server.target);
  try {
    assert.equal((await client.status()).status_code, 200);
  } finally {
    client.close();
  }
  server.kill("SIGTERM");
  assert.equal(await server.waitForExit(20_000), 0);
  assert.match(await server.stop(), /INFO stopped/);
});
