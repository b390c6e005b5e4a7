/**
 * `--init DIR`: starts a new model with its own code — `DIR/<version>/`
 * holding a commented model.yaml naming `model.ts` (module.code), the
 * wrapper skeleton `model.ts`, docker_metadata.yaml and one test case the
 * skeleton passes, so the new bundle passes `--check` and serves before a
 * line is changed (init_templates.ts holds the texts).
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { badRequest } from "../base/errors.ts";
import { modelNameProblem, urlSafeName } from "../core/model_names.ts";
import {
  INIT_FILES,
  initDockerMetadata,
  type InitFacts,
  initModelCode,
  initModelYaml,
  initTestCase,
} from "./init_templates.ts";
import { prepareFolder } from "./prepare_folder.ts";

/** What to initialise. */
export interface InitOptions {
  /** The bundle root to write; the bundle lands in `<dir>/<version>/`. */
  readonly dir: string;
  /** Model name; default the bundle root's folder name. */
  readonly name?: string;
  /** Version folder; default 0.1.0. */
  readonly version?: string;
  /** Replace an existing, non-empty version folder. */
  readonly force?: boolean;
}

/** What was written. */
export interface InitResult {
  /** The version folder written. */
  readonly dir: string;
  /** The model's name. */
  readonly name: string;
  /** Its version. */
  readonly version: string;
  /** Every file written, relative to the version folder. */
  readonly files: readonly string[];
}

/** `my-model` -> `MyModel`; `Model` when nothing usable is left. */
export function className(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const joined = words.map((word) => word[0].toUpperCase() + word.slice(1)).join("");
  return /^[A-Za-z]/.test(joined) ? joined : `Model${joined}`;
}

/**
 * Writes the new bundle. An existing non-empty version folder without
 * `force` is a `bad_request`; so is a name that is not a safe model name.
 *
 * @example
 * ```ts ignore
 * const { dir } = await initBundle({ dir: "my-model" }); // my-model/0.1.0/
 * ```
 */
export async function initBundle(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.dir);
  const name = options.name ?? basename(root);
  const problem = modelNameProblem(name);
  if (problem !== null) {
    throw badRequest(`cannot name the model '${name}': ${problem}; pass --name NAME`);
  }
  const version = options.version ?? "0.1.0";
  const facts: InitFacts = {
    name,
    version,
    id: urlSafeName(name),
    className: className(name),
  };
  const dir = join(root, version);
  await prepareFolder(dir, options.force === true);
  const example = initTestCase();
  const caseDir = join("test_cases", INIT_FILES.testCase);
  const files: Record<string, string> = {
    "model.yaml": initModelYaml(facts),
    [INIT_FILES.code]: initModelCode(facts),
    "docker_metadata.yaml": initDockerMetadata(facts),
    [join(caseDir, INIT_FILES.input)]: example.input,
    [join(caseDir, INIT_FILES.output)]: example.output,
  };
  await Deno.mkdir(join(dir, caseDir), { recursive: true });
  for (const [path, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, path), text);
  return { dir, name, version, files: Object.keys(files) };
}
