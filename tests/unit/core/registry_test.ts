import assert from "node:assert/strict";
import { ModelHost } from "../../../runtime/core/model_host.ts";
import { ModelRegistry } from "../../../runtime/core/registry.ts";
import type { RuntimeError } from "../../../runtime/base/errors.ts";
import { EchoModel } from "../../support/echo_model.ts";
import { testBundle } from "../../support/test_bundle.ts";

function entry(name: string) {
  return {
    name,
    version: "1.0.0",
    host: new ModelHost(testBundle(), new EchoModel()),
    origin: "repository" as const,
  };
}

Deno.test("registry: first model is the default; duplicates and unknown names are clear errors", async () => {
  const registry = new ModelRegistry();
  let changes = 0;
  registry.onChange(() => changes++);
  registry.add(entry("a"));
  registry.add(entry("b"));
  assert.equal(registry.defaultName, "a");
  assert.equal(registry.get().name, "a");
  assert.equal(registry.get("b").name, "b");
  assert.throws(() => registry.add(entry("a")), (error: RuntimeError) => {
    assert.equal(error.kind, "bad_request");
    assert.equal(error.message, "a model named 'a' is already loaded");
    return true;
  });
  assert.throws(() => registry.get("zzz"), /model 'zzz' is not loaded \(loaded: a, b\)/);
  assert.throws(
    () => registry.get("a", "2.0.0"),
    /model 'a' has no version '2\.0\.0' \(serving '1\.0\.0'\)/,
  );
  const b = registry.get("b");
  await b.host.initialize();
  assert.equal(await registry.remove("b"), true);
  assert.equal(b.host.phase, "closed", "removal closes the model");
  assert.equal(await registry.remove("b"), false);
  assert.equal(changes, 3);
});

Deno.test("registry: replace swaps a model in place (the default stays the default) and closes the old one", async () => {
  const registry = new ModelRegistry();
  registry.add(entry("a"));
  registry.add(entry("b"));
  const old = registry.get("a");
  await old.host.initialize();
  const fresh = { ...entry("a"), version: "1.1.0" };
  await fresh.host.initialize();
  let changes = 0;
  registry.onChange(() => changes++);
  await registry.replace(fresh);
  assert.equal(registry.get("a"), fresh, "calls from now on reach the new host");
  assert.equal(registry.defaultName, "a");
  assert.deepEqual(registry.list().map((model) => model.name), ["a", "b"]);
  assert.equal(old.host.phase, "closed", "the replaced model is closed");
  assert.equal(changes, 1);
  await assert.rejects(registry.replace(entry("zzz")), /model 'zzz' is not loaded/);
});
