/**
 * The module lifecycle: hello-world trains, saves, loads and runs; a saved
 * module model is a bundle served through the registry by its module id;
 * the tabular classifier's facade trains and runs raw rows; a custom module
 * registered in code serves through moduleWrapper; an unknown module id is
 * a clear error; `--train --model hello-world` works through the real CLI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadBundle } from "../runtime/bundle/load.ts";
import { RuntimeError } from "../runtime/base/errors.ts";
import {
  createModelWrapper,
  findModule,
  knownModuleIds,
  registerModule,
} from "../runtime/hosting/module_registry.ts";
import { HELLO_WORLD_MODULE } from "../runtime/modules/hello_world_module.ts";
import { TABULAR_MODULE } from "../runtime/train/tabular_module.ts";
import type { RuntimeModule } from "../runtime/modules/module_api.ts";
import { writeModuleYaml } from "../runtime/modules/module_api.ts";
import { trainAnyModel } from "../runtime/hosting/train_any.ts";
import { runCli } from "./support/cli.ts";
import { numericCsv } from "./support/training_data.ts";

const RUN = { detectDrift: false, explain: false };
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const text = (bytes?: Uint8Array) => new TextDecoder().decode(bytes);

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "module_api_" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("module: hello-world trains into a bundle that serves by its module id", async () => {
  await withDir(async (dir) => {
    const result = await trainAnyModel({
      csvPath: "greetings.csv",
      csvText: "greeting\nHowdy\nHowdy\nHello\n",
      outDir: join(dir, "greeter"),
      model: "hello-world",
      name: "Greeter",
    });
    assert.equal(result.bundleDir, join(dir, "greeter", "0.1.0"));
    const bundle = await loadBundle(result.bundleDir);
    assert.equal(bundle.spec.module?.id, "hello-world");
    assert.equal(bundle.spec.name, "Greeter");
    const wrapper = createModelWrapper(bundle.spec);
    await wrapper.initialize({ bundle });
    const output = await wrapper.handleInput(
      new Map([["input.json", json({ name: "World" })]]),
      RUN,
    );
    assert.equal(
      text(output.get("results.json")),
      '{"data":{"result":{"greeting":"Howdy World"},"explanation":null,"drift":null}}',
    );
    const batch = await wrapper.handleBatch!([
      new Map([["input.json", json({ name: "A" })]]),
      new Map([["input.json", json({ nom: "B" })]]),
    ], RUN);
    assert.ok(!(batch[0] instanceof Error));
    assert.ok(batch[1] instanceof RuntimeError && batch[1].kind === "bad_request");
    await wrapper.close?.();
  });
});

Deno.test("module: the tabular classifier facade trains, saves, loads and runs raw rows", async () => {
  await withDir(async (dir) => {
    const trained = await TABULAR_MODULE.train!({
      source: "blobs.csv",
      columns: ["x0", "x1", "x2", "label"],
      rows: [],
      csvText: numericCsv(["p", "q"], 20),
    }, { name: "blobs", version: "0.1.0" });
    try {
      const ranked = await trained.run({ x0: 0, x1: 3, x2: 0 });
      assert.equal(ranked.length, 2);
      await trained.save(join(dir, "saved", "0.1.0"), { name: "blobs", version: "0.1.0" });
    } finally {
      await trained.close?.();
    }
    const loaded = await TABULAR_MODULE.load(join(dir, "saved", "0.1.0"), {});
    const again = await loaded.run([0, 3, 0]);
    assert.deepEqual(again.map((entry) => entry.class).sort(), ["p", "q"]);
    await loaded.close?.();
  });
});

Deno.test("module: a custom module registered in code serves; unknown ids are clear errors", async () => {
  await withDir(async (dir) => {
    const info = { id: "shout", name: "Shout", version: "1.0.0", task: "shouting" };
    const shout: RuntimeModule<{ text: string }, { text: string }> = {
      info,
      parseInput: (document) => ({ text: String((document as { text?: unknown }).text) }),
      load: () =>
        Promise.resolve({
          run: (input) => Promise.resolve({ text: input.text.toUpperCase() }),
          save: (target, about) =>
            writeModuleYaml(target, info, { ...about, summary: "Shouts.", config: {} }),
        }),
    };
    registerModule(shout);
    assert.throws(() => registerModule(shout), /already registered/);
    assert.equal(findModule("shout"), shout);
    assert.ok(knownModuleIds().includes("shout"));
    const model = await shout.load(dir, {});
    await Deno.mkdir(join(dir, "0.1.0"));
    await model.save(join(dir, "0.1.0"), { name: "shouter", version: "0.1.0" });
    const bundle = await loadBundle(join(dir, "0.1.0"));
    const wrapper = createModelWrapper(bundle.spec);
    await wrapper.initialize({ bundle });
    const output = await wrapper.handleInput(new Map([["input.json", json({ text: "hi" })]]), RUN);
    assert.match(text(output.get("results.json")), /"result":\{"text":"HI"\}/);
    assert.throws(
      () => createModelWrapper({ ...bundle.spec, module: { id: "nope", config: {} } }),
      (error: unknown) =>
        error instanceof RuntimeError && error.kind === "internal" &&
        /names unknown module 'nope'; known modules: tabular-classifier, .*hello-world, shout/
          .test(error.message),
    );
    assert.equal(HELLO_WORLD_MODULE.info.id, "hello-world");
  });
});

Deno.test("module: --train --model hello-world through the real CLI", async () => {
  await withDir(async (dir) => {
    const csv = join(dir, "greetings.csv");
    await Deno.writeTextFile(csv, "greeting\nHi\n");
    const result = await runCli([
      "--train",
      csv,
      "--model",
      "hello-world",
      "--out",
      join(dir, "out"),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), join(dir, "out", "0.1.0"));
    assert.equal(await Deno.readTextFile(join(dir, "out", "0.1.0", "greeting.txt")), "Hi");
  });
});
