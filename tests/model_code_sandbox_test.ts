/**
 * Model code runs inside the serve sandbox: served by `deno task serve
 * --bundle DIR` exactly as deno.json writes it, a bundle's model code can
 * read its own bundle, and cannot read elsewhere, write (not even into its
 * bundle) or open a connection; widened by the user (`deno run` with the
 * task's flags plus `--allow-write=DIR`), it can write there.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { servePlan } from "../scripts/serve_permissions.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { writeCodeBundle } from "./support/code_bundles.ts";
import { freePort } from "./support/free_port.ts";

/** Model code that tries what a sandbox must refuse, and answers each outcome. */
const PROBE_SOURCE = `
import { join } from "node:path";
import { type ModelContext, successOutput } from "@model-runtime/runtime";

let dir = "";
async function attempt(action: () => unknown): Promise<string> {
  try {
    await action();
    return "granted";
  } catch (error) {
    return (error as Error).name;
  }
}
export default {
  initialize(context: ModelContext) {
    dir = context.bundle.dir;
    return Promise.resolve();
  },
  async handleInput() {
    const result = {
      readBundle: await attempt(() => Deno.readTextFile(join(dir, "model.yaml"))),
      readOutside: await attempt(() => Deno.readTextFile("/etc/hostname")),
      writeBundle: await attempt(() => Deno.writeTextFile(join(dir, "planted.txt"), "x")),
      connect: await attempt(async () => (await Deno.connect({ hostname: "example.com", port: 443 })).close()),
    };
    return new Map([["results.json", successOutput({ result })]]);
  },
};
`;

/** Runs `command` (a server on `port`), asks the model once, stops it; the model's outcomes. */
async function probe(command: Deno.Command, port: number): Promise<Record<string, string>> {
  const child = command.spawn();
  const client = new ModzyClient(`127.0.0.1:${port}`);
  try {
    const status = await client.status({ waitForReady: true, timeoutMs: 60_000 });
    assert.equal(status.status_code, 200, status.message);
    const run = await client.run([{ "input.json": new TextEncoder().encode("{}") }]);
    const text = new TextDecoder().decode(run.outputs[0].output["results.json"]);
    return JSON.parse(text).data.result;
  } finally {
    client.close();
    child.kill("SIGTERM");
    await child.status;
  }
}

Deno.test("model code reads its bundle and cannot read elsewhere, write or connect in the serve sandbox", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "code_sandbox_" });
  try {
    const bundle = await writeCodeBundle(join(cwd, "probe"), {
      files: { "model.ts": PROBE_SOURCE },
    });
    const port = freePort();
    // One worker: widened permissions reach a single server, not workers (docs/security.md).
    const args = [
      "--bundle",
      "probe",
      "--port",
      String(port),
      "--http-port",
      String(freePort()),
      "--workers",
      "1",
    ];
    const sandboxed = await probe(
      new Deno.Command(Deno.execPath(), {
        args: ["task", `--config=${join(PROJECT_ROOT, "deno.json")}`, "serve", ...args],
        cwd,
        stdin: "null",
        stdout: "null",
        stderr: "null",
        env: { NO_COLOR: "1", INIT_CWD: cwd },
      }),
      port,
    );
    assert.deepEqual(sandboxed, {
      readBundle: "granted",
      readOutside: "NotCapable",
      writeBundle: "NotCapable",
      connect: "NotCapable",
    });

    // The user widens the permissions: the task's flags, plus writing the bundle folder.
    const plan = servePlan(args, () => undefined, cwd);
    const widened = await probe(
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          ...plan.permissions,
          `--allow-write=${bundle}`,
          `--config=${join(PROJECT_ROOT, "deno.json")}`,
          join(PROJECT_ROOT, "main.ts"),
          ...plan.programArgs,
        ],
        cwd,
        stdin: "null",
        stdout: "null",
        stderr: "null",
        env: { NO_COLOR: "1" },
      }),
      port,
    );
    assert.equal(widened.writeBundle, "granted");
    assert.equal(widened.connect, "NotCapable");
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
