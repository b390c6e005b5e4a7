/**
 * Reading a repository folder, with the model files the backends recognise:
 * `model.onnx`, or else a lone `*.onnx` — bare or in numbered version
 * folders — served through the backend's module; a folder with several
 * candidates and no `model.onnx` is not recognised; model.yaml makes a
 * bundle.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { encodeOnnxModel } from "../../../runtime/backends/onnx/model_writer.ts";
import { ONNX_BACKEND } from "../../../runtime/backends/onnx/descriptor.ts";
import { createLogger } from "../../../runtime/base/log.ts";
import { modelHostFactory } from "../../../runtime/hosting/model_host_factory.ts";
import { hostForFolder } from "../../../runtime/repository/folder_host.ts";
import { readModelFolder, scanRepository } from "../../../runtime/repository/scan.ts";
import { addModel } from "../../fixtures/onnx/models.ts";

async function withFolder(files: Record<string, Uint8Array>, test: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "repository_scan_" });
  try {
    for (const [name, bytes] of Object.entries(files)) {
      await Deno.mkdir(join(dir, name, ".."), { recursive: true });
      await Deno.writeFile(join(dir, name), bytes);
    }
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const adder = encodeOnnxModel(addModel());
const text = (value: string) => new TextEncoder().encode(value);

Deno.test("scan: a lone *.onnx is the folder's model, served by the ONNX backend's module", async () => {
  await withFolder({ "resnet.onnx": adder, "README.md": text("notes") }, async (dir) => {
    const folder = await readModelFolder("adder", dir);
    assert.ok(folder);
    assert.equal(folder.layout, "file");
    assert.equal(folder.version, "1");
    assert.equal(folder.file?.backend, ONNX_BACKEND);
    assert.equal(folder.file?.name, "resnet.onnx");
    const { host, version } = await hostForFolder(
      folder,
      modelHostFactory({ log: createLogger("silent") }),
    );
    assert.equal(version, "1");
    assert.deepEqual(host.bundle.spec.module, {
      id: "onnx-tensor",
      config: { artifact: "resnet.onnx" },
    });
    assert.deepEqual(await host.initialize(), { ok: true });
    const [y] = await host.infer(
      [{ name: "x", datatype: "FP32", shape: [1, 3], data: new Float32Array([1, 2, 3]) }],
      [],
    );
    assert.deepEqual([...(y.data as Float32Array)], [11, 22, 33]);
    await host.close();
  });
});

Deno.test("scan: model.onnx wins over other *.onnx; several without it are not a model", async () => {
  await withFolder({ "model.onnx": adder, "other.onnx": adder }, async (dir) => {
    assert.equal((await readModelFolder("m", dir))?.file?.name, "model.onnx");
  });
  await withFolder({ "a.onnx": adder, "b.onnx": adder }, async (dir) => {
    assert.equal(await readModelFolder("m", dir), null);
  });
});

Deno.test("scan: the highest numbered version folder holding a model file is served", async () => {
  await withFolder(
    { "1/model.onnx": adder, "3/net.onnx": adder, "4/notes.txt": text("") },
    async (dir) => {
      const folder = await readModelFolder("versioned", dir);
      assert.equal(folder?.layout, "versioned-file");
      assert.equal(folder?.version, "3");
      assert.equal(folder?.path, join(dir, "3"));
      assert.equal(folder?.file?.name, "net.onnx");
    },
  );
});

Deno.test("scan: model.yaml makes a bundle; renaming the model file changes the fingerprint", async () => {
  await withFolder({ "model.yaml": text("name: x"), "model.onnx": adder }, async (dir) => {
    const folder = await readModelFolder("b", dir);
    assert.equal(folder?.layout, "bundle");
    assert.equal(folder?.file, null);
  });
  await withFolder({ "first.onnx": adder }, async (dir) => {
    const before = await readModelFolder("m", dir);
    const { mtime } = await Deno.stat(join(dir, "first.onnx"));
    await Deno.rename(join(dir, "first.onnx"), join(dir, "second.onnx"));
    await Deno.utime(join(dir, "second.onnx"), mtime!, mtime!);
    const after = await readModelFolder("m", dir);
    assert.notEqual(after?.fingerprint, before?.fingerprint);
    assert.equal(after?.file?.name, "second.onnx");
  });
});

Deno.test("scan: names are kept as given; a folder without a model is reported with why", async () => {
  await withFolder(
    {
      "ResNet50/model.onnx": adder,
      "test_castlike_FLOAT16_to_DOUBLE/model.onnx": adder,
      "two/a.onnx": adder,
      "two/b.onnx": adder,
      "notes/README.md": text("no model here"),
      "empty/.keep": text(""),
      "numbered/1/notes.txt": text(""),
      "bad|name/model.onnx": adder,
    },
    async (dir) => {
      const scan = await scanRepository(dir);
      assert.deepEqual(
        [...scan.models.keys()].sort(),
        ["ResNet50", "test_castlike_FLOAT16_to_DOUBLE"],
      );
      const reason = (name: string) => scan.invalid.get(name)?.reason ?? "";
      assert.match(
        reason("two"),
        /several onnx model files \(a\.onnx, b\.onnx\) and no model\.onnx/,
      );
      assert.match(reason("notes"), /no model\.yaml, no model file/);
      assert.match(reason("empty"), /empty/);
      assert.match(reason("numbered"), /no numbered version folder \(1\) holds a model file/);
      assert.match(reason("bad|name"), /cannot name a model: the name holds '\|'/);
    },
  );
});
