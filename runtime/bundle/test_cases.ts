/**
 * Finds the functional test cases of a bundle version: every folder under
 * `test_cases/` holds exactly one file per input and one per output that
 * model.yaml declares, named as declared.
 *
 * @module
 */
import { join } from "node:path";
import { bundleError, bundleFileError } from "./errors.ts";
import { type FolderEntry, listFolder, statOrNull } from "./folder_entries.ts";
import type { ModelSpec, TestCase } from "./types.ts";

/**
 * Returns the test cases under `<versionDir>/test_cases/`, sorted by folder
 * name; none when that folder is absent. Names starting with `.` that
 * model.yaml does not declare (`.gitkeep`, `.DS_Store`) are ignored. A case
 * that lacks a declared file, or holds a file or folder model.yaml does not
 * declare, is an `internal` error reading `<case folder>: <file>: <problem>`.
 *
 * @example
 * ```ts ignore
 * import { discoverTestCases } from "./test_cases.ts";
 * const cases = await discoverTestCases(bundle.dir, bundle.spec);
 * ```
 */
export async function discoverTestCases(
  versionDir: string,
  spec: Pick<ModelSpec, "inputs" | "outputs">,
): Promise<TestCase[]> {
  const casesDir = join(versionDir, "test_cases");
  const info = await statOrNull(casesDir);
  if (info === null) return [];
  if (!info.isDirectory) {
    throw bundleFileError(casesDir, "must be a folder holding one folder per test case");
  }
  const cases: TestCase[] = [];
  for (const entry of await listFolder(casesDir)) {
    if (entry.name.startsWith(".")) continue;
    if (!entry.isDirectory) {
      throw bundleFileError(
        entry.path,
        "is not a folder; each test case is a folder of input and output files",
      );
    }
    cases.push(await readTestCase(entry, spec));
  }
  return cases;
}

async function readTestCase(
  caseFolder: FolderEntry,
  spec: Pick<ModelSpec, "inputs" | "outputs">,
): Promise<TestCase> {
  const files = new Map<string, FolderEntry>();
  for (const entry of await listFolder(caseFolder.path)) {
    const declared = spec.inputs.has(entry.name) || spec.outputs.has(entry.name);
    if (!declared && entry.name.startsWith(".")) continue;
    if (!declared) {
      throw bundleError(
        caseFolder.path,
        entry.name,
        "unknown file; model.yaml declares no input or output with this name",
      );
    }
    if (!entry.isFile) {
      throw bundleError(caseFolder.path, entry.name, "must be a file");
    }
    files.set(entry.name, entry);
  }
  const pick = (names: Iterable<string>, role: string) => {
    const paths = new Map<string, string>();
    for (const name of names) {
      const file = files.get(name);
      if (file === undefined) {
        throw bundleError(
          caseFolder.path,
          name,
          `${role} file is missing; model.yaml declares it under ${role}s`,
        );
      }
      paths.set(name, file.path);
    }
    return paths;
  };
  return {
    name: caseFolder.name,
    dir: caseFolder.path,
    inputs: pick(spec.inputs.keys(), "input"),
    outputs: pick(spec.outputs.keys(), "output"),
  };
}
