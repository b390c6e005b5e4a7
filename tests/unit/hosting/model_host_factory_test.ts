/**
 * The host factory: every host it builds — from a bundle folder, from a
 * loaded bundle with or without an explicit wrapper, or failed — shares the
 * factory's batching, reports its batches under its served name, and logs
 * its life cycle under that name.
 */
import assert from "node:assert/strict";
import { createLogger } from "../../../runtime/base/log.ts";
import { embeddedBundleRoot } from "../../../runtime/base/assets.ts";
import { modelHostFactory } from "../../../runtime/hosting/model_host_factory.ts";
import { EchoModel } from "../../support/echo_model.ts";
import { jsonItem, testBundle } from "../../support/test_bundle.ts";

const FLAGS = { detectDrift: false, explain: false };

/** A logger keeping its JSON lines. */
function recordingLog(): {
  log: ReturnType<typeof createLogger>;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("debug", "json", (line) => lines.push(JSON.parse(line)));
  return { log, lines };
}

Deno.test("a bundle folder is hosted by the module its model.yaml names, with the factory's batching", async () => {
  const { log } = recordingLog();
  const off = modelHostFactory({ log, batching: { enabled: false } });
  const host = await off.fromBundleFolder(embeddedBundleRoot());
  assert.equal(host.bundle.spec.name, "Iris Classifier");
  assert.equal(host.batching, false);
  assert.deepEqual(await host.initialize(), { ok: true });
  await host.close();
  const on = await modelHostFactory({ log }).fromBundleFolder(embeddedBundleRoot());
  assert.equal(on.batching, true);
});

Deno.test("batches are observed under the served name: the given one, else the bundle's URL-safe name", async () => {
  const { log, lines } = recordingLog();
  const seen: string[] = [];
  const hosts = modelHostFactory({
    log,
    batching: { maxWaitMs: 0 },
    onBatch: (model, size, waitedMs) => seen.push(`${model}:${size}:${waitedMs.length}`),
  });
  const named = hosts.forBundle(testBundle(8), new EchoModel(), { name: "echo" });
  const unnamed = hosts.forBundle(testBundle(8), new EchoModel());
  for (const host of [named, unnamed]) {
    await host.initialize();
    await host.run([jsonItem("1"), jsonItem("2")], FLAGS);
  }
  assert.deepEqual(seen, ["echo:2:1", "test-model:2:1"]);
  const loaded = lines.filter((line) => line.msg === "model initialized");
  assert.deepEqual(loaded.map((line) => [line.model, line.version]), [
    ["echo", "1.0.0"],
    ["test-model", "1.0.0"],
  ]);
});

Deno.test("a failed host loads never: its load fails with the reason, logged under its name", async () => {
  const { log, lines } = recordingLog();
  const host = modelHostFactory({ log }).failed(testBundle(), new Error("no such folder"), {
    name: "gone",
  });
  const outcome = await host.initialize();
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.error.message, "no such folder");
  assert.equal(host.phase, "failed");
  const failed = lines.find((line) => line.msg === "model failed to initialize");
  assert.equal(failed?.model, "gone");
  assert.equal(failed?.reason, "no such folder");
});

Deno.test("a bundle naming an unknown module is a thrown error, not a host", () => {
  const { log } = recordingLog();
  const bundle = testBundle();
  const unknown = { ...bundle, spec: { ...bundle.spec, module: { id: "no-such", config: {} } } };
  assert.throws(() => modelHostFactory({ log }).forBundle(unknown), /unknown module 'no-such'/);
});
