/** `--init`'s bundle writer (runtime/scaffold/init_bundle.ts). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { loadBundle } from "../../../runtime/bundle/load.ts";
import { className, initBundle } from "../../../runtime/scaffold/init_bundle.ts";

Deno.test("init writes a complete bundle named after its folder, code and one test case", async () => {
  const root = await Deno.makeTempDir({ prefix: "init_bundle_" });
  try {
    const result = await initBundle({ dir: join(root, "ResNet50") });
    assert.equal(result.dir, join(root, "ResNet50", "0.1.0"));
    assert.deepEqual(result.files, [
      "model.yaml",
      "model.ts",
      "docker_metadata.yaml",
      join("test_cases", "example", "input.json"),
      join("test_cases", "example", "results.json"),
    ]);
    const bundle = await loadBundle(join(root, "ResNet50"));
    assert.equal(bundle.spec.name, "ResNet50", "kept as given");
    assert.deepEqual(bundle.spec.module, { id: "", code: "model.ts", config: {} });
    assert.deepEqual(bundle.spec.missing, [], "every field the contract reads is filled");
    assert.equal(bundle.docker?.id, "resnet50");
    assert.deepEqual(bundle.testCases.map((testCase) => testCase.name), ["example"]);
    const yaml = await Deno.readTextFile(join(result.dir, "model.yaml"));
    assert.match(yaml, /^# model\.yaml: /, "commented");
    assert.equal((parse(yaml) as { timeout: { run: string } }).timeout.run, "20s");
    const code = await Deno.readTextFile(join(result.dir, "model.ts"));
    assert.match(code, /export default class ResNet50 implements ModelWrapper/);
    assert.match(code, /from "@model-runtime\/runtime"/);
    for (const guidance of ["initialize(context)", "handleInput(input, options)", "handleBatch"]) {
      assert.ok(code.includes(guidance), guidance);
    }
    // An existing version folder is kept unless --force.
    await assert.rejects(initBundle({ dir: join(root, "ResNet50") }), /pass --force/);
    await initBundle({ dir: join(root, "ResNet50"), name: "Other", force: true });
    assert.equal((await loadBundle(join(root, "ResNet50"))).spec.name, "Other");
    await assert.rejects(
      initBundle({ dir: join(root, "x"), name: "a/b" }),
      /cannot name the model/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the wrapper class is named after the model", () => {
  assert.equal(className("my-model"), "MyModel");
  assert.equal(className("ResNet50"), "ResNet50");
  assert.equal(className("3d unet"), "Model3dUnet");
  assert.equal(className("---"), "Model");
});
