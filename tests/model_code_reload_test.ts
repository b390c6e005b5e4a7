/**
 * A model repository reloads a code model when its code changes — the
 * entry file or any local file it imports — as it does for a changed
 * model.onnx, and without leaking: every load runs in a fresh worker that
 * is terminated on unload, so what the model held is freed. Measured here:
 * the serving isolate's heap stays flat and the process's resident memory
 * grows by at most a few MB per reload (what Deno keeps of each worker's
 * module loading; about 1 MB where this was written).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../runtime/base/log.ts";
import { ModelRegistry } from "../runtime/core/registry.ts";
import { ModelRepository } from "../runtime/repository/model_repository.ts";
import { GREETER_SOURCE, greetHelper, writeCodeBundle } from "./support/code_bundles.ts";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function greeting(registry: ModelRegistry, name: string): Promise<string> {
  const [result] = await registry.get("Greeter").host.run(
    [new Map([["input.json", json({ name })]])],
    { detectDrift: false, explain: false },
  );
  if (result instanceof Error) throw result;
  return JSON.parse(new TextDecoder().decode(result.get("results.json"))).data.result.greeting;
}

/** Bumps a file's modification time so a rewrite within the same millisecond still shows. */
async function rewrite(path: string, text: string, generation: number): Promise<void> {
  await Deno.writeTextFile(path, text);
  const when = new Date(Date.now() + generation * 1_000);
  await Deno.utime(path, when, when);
}

Deno.test("a code model reloads when its entry or an imported file changes, without leaking", async () => {
  const dir = await Deno.makeTempDir({ prefix: "model_code_reload_" });
  const folder = join(dir, "Greeter");
  await writeCodeBundle(folder, {
    files: { "model.ts": GREETER_SOURCE, "lib/greet.ts": greetHelper() },
  });
  const registry = new ModelRegistry();
  const repository = new ModelRepository({
    dir,
    registry,
    log: createLogger("silent"),
    pollMs: 3_600_000,
  });
  try {
    await repository.start();
    assert.equal(await greeting(registry, "A"), "Hello A");

    // A local file the entry imports changed: reloaded.
    await rewrite(join(folder, "0.1.0", "lib", "greet.ts"), greetHelper("?"), 1);
    await repository.sync();
    assert.equal(await greeting(registry, "A"), "Hello A?");
    // The entry itself changed: reloaded.
    await rewrite(
      join(folder, "0.1.0", "model.ts"),
      GREETER_SOURCE.replace('this.#word = "Hello"', 'this.#word = "Howdy"'),
      2,
    );
    await repository.sync();
    assert.equal(await greeting(registry, "A"), "Howdy A?");
    // Nothing changed: not reloaded (the same host keeps serving).
    const host = registry.get("Greeter").host;
    await repository.sync();
    assert.equal(registry.get("Greeter").host, host);

    // Memory over reloads: the serving isolate's heap stays flat; the process grows a little.
    const reloads = 10;
    const heapBefore = Deno.memoryUsage().heapUsed;
    const rssBefore = Deno.memoryUsage().rss;
    for (let generation = 0; generation < reloads; generation++) {
      await rewrite(
        join(folder, "0.1.0", "lib", "greet.ts"),
        greetHelper("!".repeat(generation + 1)),
        3 + generation,
      );
      await repository.sync();
      assert.equal(await greeting(registry, "B"), `Howdy B${"!".repeat(generation + 1)}`);
    }
    const heapGrowth = (Deno.memoryUsage().heapUsed - heapBefore) / 1e6;
    const rssGrowth = (Deno.memoryUsage().rss - rssBefore) / 1e6;
    console.log(
      `${reloads} reloads: heap ${heapGrowth.toFixed(1)} MB, rss ${rssGrowth.toFixed(1)} MB`,
    );
    assert.ok(heapGrowth < 10, `the heap grew ${heapGrowth.toFixed(1)} MB`);
    assert.ok(rssGrowth / reloads < 4, `the process grew ${rssGrowth.toFixed(1)} MB`);
  } finally {
    await repository.stop();
    for (const entry of registry.list()) await registry.remove(entry.name);
    await Deno.remove(dir, { recursive: true });
  }
});
