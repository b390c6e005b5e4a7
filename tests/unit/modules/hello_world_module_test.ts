/**
 * The hello-world module's Caikit side: the template's training records
 * `{text, label}` leave its greeting `Hello` (a `greeting` column still
 * teaches one), and a saved Caikit folder holding only config.yml loads
 * with `Hello` (or its `greeting` key).
 */
import assert from "node:assert/strict";
import { HELLO_WORLD_MODULE } from "../../../runtime/modules/hello_world_module.ts";

const data = (columns: string[], rows: Record<string, string>[]) => ({
  source: "records",
  columns,
  rows,
  csvText: "",
});

Deno.test("hello-world: template records leave Hello, a greeting column teaches its word", async () => {
  const template = await HELLO_WORLD_MODULE.train!(
    data(["text", "label"], [{ text: "sample text", label: "label1" }]),
    {},
  );
  assert.deepEqual(await template.run({ name: "World" }), { greeting: "Hello World" });
  const empty = await HELLO_WORLD_MODULE.train!(data([], []), {});
  assert.deepEqual(await empty.run({ name: "World" }), { greeting: "Hello World" });
  const taught = await HELLO_WORLD_MODULE.train!(
    data(["text", "greeting"], [{ text: "a", greeting: "Hey" }]),
    {},
  );
  assert.deepEqual(await taught.run({ name: "World" }), { greeting: "Hey World" });
});

Deno.test("hello-world: a folder with only config.yml loads with Hello or its greeting key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const plain = await HELLO_WORLD_MODULE.load(dir, {});
    assert.deepEqual(await plain.run({ name: "World" }), { greeting: "Hello World" });
    const configured = await HELLO_WORLD_MODULE.load(dir, { greeting: "Howdy" });
    assert.deepEqual(await configured.run({ name: "World" }), { greeting: "Howdy World" });
    assert.equal(HELLO_WORLD_MODULE.caikit?.module.id, "00110203-0405-0607-0809-0a0b02dd0e0f");
    assert.equal(HELLO_WORLD_MODULE.info.id, "hello-world");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
