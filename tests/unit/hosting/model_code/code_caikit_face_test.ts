import assert from "node:assert/strict";
import {
  servedCaikitFace,
  wireCaikitFace,
} from "../../../../runtime/hosting/model_code/code_caikit_face.ts";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { HELLO_WORLD_CAIKIT_FACE } from "../../../../runtime/modules/hello_world_module.ts";

Deno.test("a code module's face crosses as plain data: no functions, no training, which conversions", () => {
  const wire = wireCaikitFace({ ...HELLO_WORLD_CAIKIT_FACE, toOutput: (x: unknown) => x }, "m.ts");
  assert.deepEqual(wire.face, {
    library: HELLO_WORLD_CAIKIT_FACE.library,
    module: HELLO_WORLD_CAIKIT_FACE.module,
    task: HELLO_WORLD_CAIKIT_FACE.task,
  });
  assert.equal(wire.toInput, true);
  assert.equal(wire.toOutput, true);
  // What structured clone (postMessage) must accept.
  assert.deepEqual(structuredClone(wire), wire);
  const bare = wireCaikitFace({ ...HELLO_WORLD_CAIKIT_FACE, toInput: undefined }, "m.ts");
  assert.equal(bare.toInput, false);
  assert.equal(bare.toOutput, false);
});

Deno.test("what is not a Caikit face fails the load, saying what is missing", () => {
  const cases: [unknown, RegExp][] = [
    ["face", /is not an object/],
    [{ ...HELLO_WORLD_CAIKIT_FACE, library: "" }, /has no library/],
    [{ ...HELLO_WORLD_CAIKIT_FACE, module: { id: "x" } }, /needs module: \{id, name, version\}/],
    [{ ...HELLO_WORLD_CAIKIT_FACE, task: { name: "T" } }, /needs task: /],
    [
      { ...HELLO_WORLD_CAIKIT_FACE, task: { ...HELLO_WORLD_CAIKIT_FACE.task, output: "str" } },
      /needs task\.output: a data object/,
    ],
    [{ ...HELLO_WORLD_CAIKIT_FACE, toOutput: "x" }, /has a toOutput that is not a function/],
  ];
  for (const [face, message] of cases) {
    assert.throws(() => wireCaikitFace(face, "model.ts"), (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.kind, "internal");
      assert.match(error.message, /^model code model\.ts: its module's Caikit face \(caikit\) /);
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("the served face asks the worker for each conversion it has, and only those", async () => {
  const calls: unknown[] = [];
  const convert = (call: unknown) => {
    calls.push(call);
    return Promise.resolve({ converted: call });
  };
  const wire = wireCaikitFace(HELLO_WORLD_CAIKIT_FACE, "m.ts");
  const face = servedCaikitFace(wire, convert);
  assert.equal(face.task.name, "HelloWorldTask");
  assert.equal(face.toOutput, undefined);
  assert.deepEqual(await face.toInput!({ text_input: { name: "x" } }), {
    converted: { method: "caikitInput", parameters: { text_input: { name: "x" } } },
  });
  assert.equal(calls.length, 1);
  const both = servedCaikitFace({ ...wire, toOutput: true }, convert);
  assert.deepEqual(await both.toOutput!({ greeting: "hi" }), {
    converted: { method: "caikitOutput", result: { greeting: "hi" } },
  });
});
