/** Discovery of functional test cases under test_cases/ and its errors. */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { discoverTestCases } from "../../../runtime/bundle/test_cases.ts";

const SPEC = {
  inputs: new Map([["input.json", { acceptedMediaTypes: [], maxSize: "", description: "" }], [
    "image.png",
    { acceptedMediaTypes: [], maxSize: "", description: "" },
  ]]),
  outputs: new Map([["results.json", { mediaType: "", maxSize: "", description: "" }]]),
};

/** A temp version folder holding `files` (path relative to it -> content). */
async function versionFolder(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bundle_cases_" });
  for (const [path, content] of Object.entries(files)) {
    await Deno.mkdir(dirname(join(dir, path)), { recursive: true });
    await Deno.writeTextFile(join(dir, path), content);
  }
  return dir;
}

function completeCase(name: string): Record<string, string> {
  return {
    [`test_cases/${name}/input.json`]: "{}",
    [`test_cases/${name}/image.png`]: "png",
    [`test_cases/${name}/results.json`]: "{}",
  };
}

async function assertDiscoveryError(dir: string, message: string): Promise<void> {
  await assert.rejects(
    () => discoverTestCases(dir, SPEC),
    (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.kind, "internal");
      assert.equal(error.message, message);
      return true;
    },
  );
}

Deno.test("test cases are found sorted by name with their input and output paths", async () => {
  const dir = await versionFolder({
    ...completeCase("b-case"),
    ...completeCase("a-case"),
    ...completeCase("C-case"),
    "test_cases/.gitkeep": "",
    "test_cases/a-case/.DS_Store": "",
  });
  try {
    const cases = await discoverTestCases(dir, SPEC);
    assert.deepEqual(cases.map((c) => c.name), ["C-case", "a-case", "b-case"]);
    const first = cases[1];
    assert.equal(first.dir, join(dir, "test_cases", "a-case"));
    assert.deepEqual(
      first.inputs,
      new Map([
        ["input.json", join(first.dir, "input.json")],
        ["image.png", join(first.dir, "image.png")],
      ]),
    );
    assert.deepEqual(first.outputs, new Map([["results.json", join(first.dir, "results.json")]]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a version without test_cases/ has no test cases", async () => {
  const dir = await versionFolder({ "model.yaml": "" });
  try {
    assert.deepEqual(await discoverTestCases(dir, SPEC), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("test case folders that do not match model.yaml are errors naming case and file", async () => {
  const dir = await versionFolder({});
  try {
    const write = async (files: Record<string, string>) => {
      await Deno.remove(join(dir, "test_cases"), { recursive: true }).catch(() => {});
      for (const [path, content] of Object.entries(files)) {
        await Deno.mkdir(dirname(join(dir, path)), { recursive: true });
        await Deno.writeTextFile(join(dir, path), content);
      }
    };
    const caseDir = join(dir, "test_cases", "broken");

    await write({ ...completeCase("broken"), "test_cases/broken/input.json": "" });
    await Deno.remove(join(caseDir, "input.json"));
    await assertDiscoveryError(
      dir,
      `${caseDir}: input.json: input file is missing; model.yaml declares it under inputs`,
    );

    await write(completeCase("broken"));
    await Deno.remove(join(caseDir, "results.json"));
    await assertDiscoveryError(
      dir,
      `${caseDir}: results.json: output file is missing; model.yaml declares it under outputs`,
    );

    await write({ ...completeCase("broken"), "test_cases/broken/notes.txt": "hi" });
    await assertDiscoveryError(
      dir,
      `${caseDir}: notes.txt: unknown file; model.yaml declares no input or output with this name`,
    );

    await write({ ...completeCase("broken"), "test_cases/broken/extra/x.json": "{}" });
    await assertDiscoveryError(
      dir,
      `${caseDir}: extra: unknown file; model.yaml declares no input or output with this name`,
    );

    await write(completeCase("broken"));
    await Deno.remove(join(caseDir, "image.png"));
    await Deno.mkdir(join(caseDir, "image.png"));
    await assertDiscoveryError(dir, `${caseDir}: image.png: must be a file`);

    await write({ ...completeCase("broken"), "test_cases/README.md": "cases" });
    await assertDiscoveryError(
      dir,
      `${join(dir, "test_cases", "README.md")}: ` +
        "is not a folder; each test case is a folder of input and output files",
    );

    await Deno.remove(join(dir, "test_cases"), { recursive: true });
    await Deno.writeTextFile(join(dir, "test_cases"), "");
    await assertDiscoveryError(
      dir,
      `${join(dir, "test_cases")}: must be a folder holding one folder per test case`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("symbolic links to case folders and files are followed", async () => {
  const dir = await versionFolder(completeCase("real"));
  try {
    await Deno.symlink(join(dir, "test_cases", "real"), join(dir, "test_cases", "linked"));
    const cases = await discoverTestCases(dir, SPEC);
    assert.deepEqual(cases.map((c) => c.name), ["linked", "real"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
