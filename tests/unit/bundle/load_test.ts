/**
 * loadBundle on real folders: version folder vs bundle root, highest
 * version, version/folder agreement, optional docker metadata, test cases,
 * and the not-found errors.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { type ErrorKind, RuntimeError } from "../../../runtime/base/errors.ts";
import { loadBundle } from "../../../runtime/bundle/load.ts";

const FIXTURE_ROOT = join(import.meta.dirname!, "..", "..", "fixtures", "bundles", "iris");

/** Copies folder `from` into `to`, recursively. */
async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) await copyTree(source, target);
    else await Deno.copyFile(source, target);
  }
}

/** A temp bundle root holding a copy of the iris fixture as each of `versions`. */
async function bundleRoot(versions: string[]): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bundle_load_" });
  for (const version of versions) {
    const dir = join(root, version);
    await copyTree(join(FIXTURE_ROOT, "0.1.0"), dir);
    const modelFile = join(dir, "model.yaml");
    const text = await Deno.readTextFile(modelFile);
    await Deno.writeTextFile(modelFile, text.replace("version: 0.1.0", `version: ${version}`));
  }
  return root;
}

async function assertLoadError(path: string, kind: ErrorKind, message: string): Promise<void> {
  await assert.rejects(
    () => loadBundle(path),
    (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.kind, kind);
      assert.equal(error.message, message);
      return true;
    },
  );
}

Deno.test("a version folder loads with its spec, docker metadata and test cases", async () => {
  const dir = join(FIXTURE_ROOT, "0.1.0");
  const bundle = await loadBundle(dir);
  assert.equal(bundle.dir, dir);
  assert.equal(bundle.spec.name, "Iris Classifier");
  assert.equal(bundle.spec.version, "0.1.0");
  assert.deepEqual(bundle.docker, {
    dockerMetadata: [{
      registry: "registry.example.com",
      repo_prefix: "models",
      repo_suffix: "iris-classifier",
    }],
    id: "iris-classifier",
  });
  assert.deepEqual(bundle.testCases.map((c) => c.name), ["setosa-typical", "versicolor-typical"]);
  assert.deepEqual(
    bundle.testCases[0].outputs,
    new Map([["results.json", join(dir, "test_cases", "setosa-typical", "results.json")]]),
  );
});

Deno.test("a bundle root loads its highest x.y.z folder, ignoring other names", async () => {
  const root = await bundleRoot(["0.9.1", "0.10.0", "0.2.0"]);
  try {
    await Deno.mkdir(join(root, "latest"));
    await Deno.mkdir(join(root, "1.0"));
    await Deno.writeTextFile(join(root, "9.9.9"), "a file, not a folder");
    const bundle = await loadBundle(root);
    assert.equal(bundle.dir, join(root, "0.10.0"));
    assert.equal(bundle.spec.version, "0.10.0");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a relative path is resolved against the current directory", async () => {
  const root = await bundleRoot(["0.1.0"]);
  try {
    const bundle = await loadBundle(relative(Deno.cwd(), root));
    assert.equal(bundle.dir, join(root, "0.1.0"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("docker_metadata.yaml is optional", async () => {
  const root = await bundleRoot(["0.1.0"]);
  try {
    await Deno.remove(join(root, "0.1.0", "docker_metadata.yaml"));
    assert.equal((await loadBundle(root)).docker, null);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the folder name must equal model.yaml's version", async () => {
  const root = await bundleRoot(["0.1.0"]);
  try {
    await Deno.rename(join(root, "0.1.0"), join(root, "0.2.0"));
    await assertLoadError(
      root,
      "internal",
      `${join(root, "0.2.0", "model.yaml")}: version: ` +
        "is 0.1.0 but its folder is named 0.2.0; they must be equal",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("missing paths, empty roots and version folders without model.yaml are not_found", async () => {
  const root = await Deno.makeTempDir({ prefix: "bundle_load_" });
  try {
    const nowhere = join(root, "nowhere");
    await assertLoadError(nowhere, "not_found", `${nowhere}: no such bundle folder`);

    await Deno.mkdir(join(root, "notes"));
    await assertLoadError(
      root,
      "not_found",
      `${root}: holds neither model.yaml nor a version folder named x.y.z`,
    );

    const file = join(root, "model.yaml.txt");
    await Deno.writeTextFile(file, "");
    await assertLoadError(
      file,
      "not_found",
      `${file}: is not a folder; give a bundle root or a version folder holding model.yaml`,
    );

    await Deno.mkdir(join(root, "0.3.0"));
    await assertLoadError(
      root,
      "not_found",
      `${join(root, "0.3.0", "model.yaml")}: not found; 0.3.0 is the highest version folder`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("invalid content surfaces as the parser's keyed error", async () => {
  const root = await bundleRoot(["0.1.0"]);
  try {
    const modelFile = join(root, "0.1.0", "model.yaml");
    const text = await Deno.readTextFile(modelFile);
    await Deno.writeTextFile(modelFile, text.replace("maxBatchSize: 64", "maxBatchSize: abc"));
    await assertLoadError(
      root,
      "internal",
      `${modelFile}: features.maxBatchSize: must be a whole number >= 1, got "abc"`,
    );
    await Deno.writeTextFile(modelFile, text);
    const dockerFile = join(root, "0.1.0", "docker_metadata.yaml");
    await Deno.writeTextFile(dockerFile, "dockerMetadata: 3\n");
    await assertLoadError(
      root,
      "internal",
      `${dockerFile}: dockerMetadata: must be a list, got 3`,
    );
    await Deno.remove(dockerFile);
    const strayFile = join(root, "0.1.0", "test_cases", "setosa-typical", "input.csv");
    await Deno.writeTextFile(strayFile, "");
    await assertLoadError(
      root,
      "internal",
      `${join(root, "0.1.0", "test_cases", "setosa-typical")}: input.csv: ` +
        "unknown file; model.yaml declares no input or output with this name",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
