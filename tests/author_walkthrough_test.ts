/**
 * The model author's walkthrough, executed as a user types it (the real
 * program, child processes, a foreign working directory): `--init DIR`,
 * edit nothing, `--check` passes, serve it with `--bundle DIR`, and Modzy
 * Run and Open Inference Protocol infer answer — and `--check --target`
 * passes through the running server; then a `--models` repository holding
 * a code bundle reloads that model when its code changes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { PROJECT_ROOT, runCli } from "./support/cli.ts";
import { eventually } from "./support/ops_clients.ts";
import { freePort } from "./support/free_port.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `main.ts --serve <args>` from `cwd` on free ports; stopped (SIGTERM, exit 0) after `use`. */
async function serving(
  cwd: string,
  args: readonly string[],
  use: (client: ModzyClient, baseUrl: string, target: string) => Promise<void>,
): Promise<void> {
  const port = freePort();
  const httpPort = freePort();
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
      String(httpPort),
      ...args,
    ],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const target = `127.0.0.1:${port}`;
  const client = new ModzyClient(target);
  let used = false;
  try {
    await use(client, `http://127.0.0.1:${httpPort}`, target);
    used = true;
  } finally {
    client.close();
    child.kill("SIGTERM");
    // Always wait for the process, so that no server outlives its test.
    const { code, stderr } = await child.output();
    if (used) assert.equal(code, 0, decoder.decode(stderr));
  }
}

const TEXT = { text: "Hello model runtime" };

Deno.test("the author's walkthrough: --init, --check, serve, Modzy Run and OIP infer answer", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "walkthrough_" });
  try {
    const init = await runCli(["--init", "my-model"], { cwd });
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.stdout.trim(), join(cwd, "my-model", "0.1.0"));

    const check = await runCli(["--check", "--bundle", "my-model"], { cwd });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /^PASS example \(drift=false explain=false batch=1\)$/m);
    assert.match(check.stdout, /^4 passed, 0 failed$/m);

    await serving(cwd, ["--bundle", "my-model"], async (client, baseUrl, target) => {
      const status = await client.status({ waitForReady: true });
      assert.deepEqual([status.status_code, status.message], [
        200,
        "Model Initialized Successfully.",
      ]);
      assert.equal(status.model_info?.model_name, "my-model");
      const run = await client.run([{ "input.json": encoder.encode(JSON.stringify(TEXT)) }]);
      assert.equal(
        decoder.decode(run.outputs[0].output["results.json"]),
        '{"data":{"result":{"text":"Hello model runtime","words":3,"characters":19},' +
          '"explanation":null,"drift":null}}',
      );
      const infer = await fetch(`${baseUrl}/v2/models/my-model/infer`, {
        method: "POST",
        body: JSON.stringify({
          inputs: [{
            name: "input.json",
            datatype: "BYTES",
            shape: [1],
            data: [JSON.stringify(TEXT)],
          }],
        }),
      });
      const answer = await infer.json();
      assert.equal(infer.status, 200, JSON.stringify(answer));
      assert.equal(answer.outputs[0].name, "results.json");
      assert.equal(JSON.parse(answer.outputs[0].data[0]).data.result.words, 3);
      // The same test cases through the running server, batch sizes 1 and 8.
      const remote = await runCli(["--check", "--bundle", "my-model", "--target", target], {
        cwd,
      });
      assert.equal(remote.code, 0, remote.stdout + remote.stderr);
      assert.match(remote.stdout, /^36 passed, 0 failed$/m);
    });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("a --models repository reloads a code bundle when its code changes", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "walkthrough_repo_" });
  try {
    const init = await runCli(["--init", join("models", "Counter")], { cwd });
    assert.equal(init.code, 0, init.stderr);
    await serving(cwd, ["--models", "models"], async (client) => {
      const words = async () => {
        const run = await client.run([{ "input.json": encoder.encode(JSON.stringify(TEXT)) }], {}, {
          modelId: "Counter",
        });
        const item = run.outputs[0];
        if (!item.success) return null;
        return JSON.parse(decoder.decode(item.output["results.json"])).data.result.words;
      };
      await client.status({ waitForReady: true });
      assert.equal(await words(), 3);
      const code = join(cwd, "models", "Counter", "0.1.0", "model.ts");
      const source = await Deno.readTextFile(code);
      await Deno.writeTextFile(
        code,
        source.replace(
          "const result = { text, words,",
          "const result = { text, words: words * 10,",
        ),
      );
      assert.ok(await eventually(async () => await words() === 30), "the model was reloaded");
    });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
