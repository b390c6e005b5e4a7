import assert from "node:assert/strict";
import { exportedModel } from "../../../../runtime/hosting/model_code/code_exports.ts";

const wrapper = {
  initialize: () => Promise.resolve(),
  handleInput: () => Promise.resolve(new Map()),
};
const module = {
  info: { id: "m", name: "M", version: "1.0.0", task: "t" },
  parseInput: (document: unknown) => document,
  load: () => Promise.resolve({ run: () => Promise.resolve(1), save: () => Promise.resolve() }),
};

Deno.test("the default export: a wrapper object or class, a module, or a factory of either", async () => {
  assert.equal((await exportedModel({ default: wrapper }, "m.ts")).kind, "wrapper");
  assert.equal((await exportedModel({ default: module }, "m.ts")).kind, "module");
  class Model {
    initialize() {
      return Promise.resolve();
    }
    handleInput() {
      return Promise.resolve(new Map());
    }
  }
  const fromClass = await exportedModel({ default: Model }, "m.ts");
  assert.ok(fromClass.kind === "wrapper" && fromClass.wrapper instanceof Model);
  assert.equal((await exportedModel({ default: () => module }, "m.ts")).kind, "module");
  assert.equal(
    (await exportedModel({ default: () => Promise.resolve(wrapper) }, "m.ts")).kind,
    "wrapper",
  );
});

Deno.test("anything else is an error saying what to export", async () => {
  await assert.rejects(
    exportedModel({ model: wrapper, helper: 1 }, "model.ts"),
    /^RuntimeError: model code model\.ts has no default export \(it exports: model, helper\); `export default` a ModelWrapper/,
  );
  await assert.rejects(
    exportedModel({ default: { run: () => 1 } }, "model.ts"),
    /its default export is neither; `export default` a ModelWrapper/,
  );
});
