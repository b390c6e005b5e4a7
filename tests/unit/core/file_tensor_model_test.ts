import assert from "node:assert/strict";
import { fileTensorModel } from "../../../runtime/core/file_tensor_model.ts";
import { testBundle } from "../../support/test_bundle.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("files face: each declared file is a BYTES [1] tensor named after it", async () => {
  const spec = testBundle(1).spec;
  const seen: string[][] = [];
  const face = fileTensorModel(spec, (item) => {
    seen.push([...item.keys()]);
    return Promise.resolve(new Map([...spec.outputs.keys()].map((name) => [name, bytes(name)])));
  });
  assert.ok(face);
  assert.deepEqual(
    face.inputs,
    [...spec.inputs.keys()].map((name) => ({ name, datatype: "BYTES", shape: [1] })),
  );
  const inputs = [...spec.inputs.keys()].map((name) => ({
    name,
    datatype: "BYTES" as const,
    shape: [1],
    data: [bytes("{}")],
  }));
  const outputs = await face.infer(inputs, []);
  assert.deepEqual(outputs.map((tensor) => tensor.name), [...spec.outputs.keys()]);
  assert.deepEqual(seen, [[...spec.inputs.keys()]]);
  await assert.rejects(face.infer(inputs, ["nope"]), /answered no output file 'nope'/);
  await assert.rejects(face.infer([], []), /missing input file/);
});

Deno.test("files face: none without declared inputs or outputs", () => {
  const spec = testBundle(1).spec;
  assert.equal(fileTensorModel({ ...spec, outputs: new Map() }, () => Promise.reject()), null);
});
