/**
 * The real program serves from a Caikit runtime config: caikit-template's
 * demo layout (recreated in tests/fixtures/caikit/demo/ from the project's
 * Caikit wire notes, §6) started as `main.ts --serve --config
 * demo/server/config.yml --port P --http-port H`; a Caikit config naming
 * its gRPC port and switching HTTP off, with keys this runtime ignores
 * (one warning); and `runtime.grpc.enabled: false` refused at start. How
 * each Caikit key is read is unit-tested in
 * tests/unit/cli/flags/caikit_config_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { copyTree } from "./support/copy_tree.ts";
import { freePort } from "./support/free_port.ts";

const DEMO = join(PROJECT_ROOT, "tests", "fixtures", "caikit", "demo");

/** `main.ts --serve <args>` from `cwd`, with all permissions (the sandbox has its own suite). */
function serve(args: readonly string[], cwd: string) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
      "--serve",
      ...args,
    ],
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

/** Serves `args` until `check` is done, then shuts down; returns the log. */
async function whileServing(
  args: readonly string[],
  cwd: string,
  port: number,
  check: () => Promise<void>,
): Promise<string> {
  const child = serve(args, cwd).spawn();
  const output = child.output();
  const modzy = new ModzyClient(`127.0.0.1:${port}`);
  try {
    const status = await modzy.status({ waitForReady: true, timeoutMs: 60_000 });
    assert.equal(status.status_code, 200);
    await check();
    await modzy.shutdown();
  } finally {
    modzy.close();
    const ended = await Promise.race([
      output,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ]);
    if (ended === null) child.kill("SIGKILL");
  }
  const result = await output;
  const log = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, log);
  return log;
}

Deno.test("the template's demo layout serves with --config demo/server/config.yml", async () => {
  const root = await Deno.makeTempDir({ prefix: "caikit_demo_" });
  try {
    await copyTree(DEMO, join(root, "demo"));
    const [port, httpPort] = [freePort(), freePort()];
    const log = await whileServing(
      [
        "--config",
        "demo/server/config.yml",
        "--port",
        String(port),
        "--http-port",
        String(httpPort),
      ],
      root,
      port,
      async () => {
        const live = await fetch(`http://127.0.0.1:${httpPort}/v2/health/live`);
        await live.body?.cancel();
        assert.equal(live.status, 200);
      },
    );
    assert.match(log, new RegExp(`serving port=${port}`));
    assert.doesNotMatch(log, /ignoring Caikit settings/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a Caikit config names the gRPC port and switches HTTP off; unused keys warn once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "caikit_config_" });
  try {
    const [port, httpPort] = [freePort(), freePort()];
    await Deno.writeTextFile(
      join(dir, "config.yml"),
      `runtime:\n  grpc: { enabled: true, port: ${port} }\n` +
        `  http: { enabled: false, port: ${httpPort} }\n  metrics: { port: 8086 }\n` +
        "log: { formatter: pretty }\n",
    );
    const log = await whileServing(["--config", "config.yml"], dir, port, async () => {});
    // The serving line names the HTTP port only when one is open; a probe of httpPort itself
    // could reach another test's server that happened to be given the same free port.
    const serving = log.split("\n").find((line) => line.includes(" serving port="));
    assert.ok(serving, log);
    assert.match(serving, new RegExp(`serving port=${port} models=`));
    assert.doesNotMatch(serving, /http_port=/);
    const warnings = log.split("\n").filter((line) => line.includes("ignoring Caikit settings"));
    assert.equal(warnings.length, 1, log);
    assert.match(warnings[0], /WARN config\.yml: .* does not use: runtime\.metrics, log$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runtime.grpc.enabled: false is refused at start, naming the key", async () => {
  const dir = await Deno.makeTempDir({ prefix: "caikit_config_" });
  try {
    await Deno.writeTextFile(join(dir, "config.yml"), "runtime:\n  grpc:\n    enabled: false\n");
    const result = await serve(["--config", "config.yml"], dir).output();
    assert.equal(result.code, 2);
    assert.match(
      new TextDecoder().decode(result.stderr),
      /error: cannot use the config file: config\.yml: runtime\.grpc\.enabled: false is not supported/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
