/**
 * What the tests expect from the embedded default bundle, read straight from
 * its files (model.yaml parsed with npm:yaml, the test-case folders listed)
 * rather than through the runtime's own bundle loader, so the server is
 * checked against the bundle as written.
 *
 * @module
 */
import { join } from "node:path";
import { parse } from "yaml";
import { embeddedBundleRoot } from "../../runtime/base/assets.ts";

/** One functional test case: its input files and expected output files. */
export interface BundleTestCase {
  /** Folder name. */
  readonly name: string;
  /** Input file name -> absolute path. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** Input file name -> contents. */
  readonly inputs: Readonly<Record<string, Uint8Array>>;
  /** Output file name -> expected contents. */
  readonly outputs: Readonly<Record<string, Uint8Array>>;
}

/** The `StatusResponse` metadata a bundle's model.yaml calls for (proto field names). */
export interface ExpectedStatusMetadata {
  /** `ModelInfo`. */
  readonly model_info: Record<string, string>;
  /** `ModelDescription`. */
  readonly description: Record<string, string>;
  /** `ModelInput`s, in file order. */
  readonly inputs: {
    filename: string;
    accepted_media_types: string[];
    max_size: string;
    description: string;
  }[];
  /** `ModelOutput`s, in file order. */
  readonly outputs: {
    filename: string;
    media_type: string;
    max_size: string;
    description: string;
  }[];
  /** `ModelResources`. */
  readonly resources: { required_ram: string; num_cpus: number; num_gpus: number };
  /** `ModelTimeout`. */
  readonly timeout: { status: string; run: string };
  /** `ModelFeatures`. */
  readonly features: {
    adversarial_defense: boolean;
    batch_size: number;
    retrainable: boolean;
    results_format: string;
    drift_format: string;
    explanation_format: string;
  };
}

/** The embedded bundle's served version folder and what it declares. */
export interface EmbeddedBundle {
  /** Absolute path of the version folder (e.g. `asset_bundle/0.1.0`). */
  readonly versionDir: string;
  /** model.yaml as parsed. */
  readonly yaml: Record<string, unknown>;
  /** Status metadata model.yaml calls for. */
  readonly status: ExpectedStatusMetadata;
  /** The first test case in folder-name order. */
  readonly firstCase: BundleTestCase;
}

type Yaml = Record<string, unknown>;

function section(value: unknown): Yaml {
  return value !== null && typeof value === "object" ? value as Yaml : {};
}

function text(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** The highest `x.y.z` folder under the embedded bundle root, or null if none. */
export function embeddedVersionDir(): string | null {
  const root = embeddedBundleRoot();
  let versions: string[];
  try {
    versions = [...Deno.readDirSync(root)]
      .filter((entry) => entry.isDirectory && /^\d+\.\d+\.\d+$/.test(entry.name))
      .map((entry) => entry.name);
  } catch {
    return null;
  }
  versions.sort(compareVersions);
  const last = versions.at(-1);
  return last && Deno.statSync(join(root, last, "model.yaml")).isFile ? join(root, last) : null;
}

/** Maps a parsed model.yaml to the `StatusResponse` metadata the contract derives from it. */
export function expectedStatusMetadata(yaml: Yaml): ExpectedStatusMetadata {
  const description = section(yaml.description);
  const resources = section(yaml.resources);
  const timeout = section(yaml.timeout);
  const features = section(yaml.features);
  return {
    model_info: {
      model_name: text(yaml.name),
      model_version: text(yaml.version),
      model_author: text(yaml.author),
      model_type: text(yaml.type),
      source: text(yaml.source),
    },
    description: {
      summary: text(description.summary),
      details: text(description.details),
      technical: text(description.technical),
      performance: text(description.performance),
    },
    inputs: Object.entries(section(yaml.inputs)).map(([filename, value]) => {
      const input = section(value);
      const types = Array.isArray(input.acceptedMediaTypes) ? input.acceptedMediaTypes : [];
      return {
        filename,
        accepted_media_types: types.map(text),
        max_size: text(input.maxSize),
        description: text(input.description),
      };
    }),
    outputs: Object.entries(section(yaml.outputs)).map(([filename, value]) => {
      const output = section(value);
      return {
        filename,
        media_type: text(output.mediaType),
        max_size: text(output.maxSize),
        description: text(output.description),
      };
    }),
    resources: {
      required_ram: text(section(resources.memory).size),
      num_cpus: Number(section(resources.cpu).count ?? 0),
      num_gpus: Number(section(resources.gpu).count ?? 0),
    },
    timeout: { status: text(timeout.status), run: text(timeout.run) },
    features: {
      adversarial_defense: features.adversarialDefense === true,
      batch_size: Number(features.maxBatchSize ?? 1),
      retrainable: features.retrainable === true,
      results_format: text(features.resultsFormat),
      drift_format: text(features.driftFormat),
      explanation_format: text(features.explanationFormat),
    },
  };
}

async function readFirstCase(versionDir: string, yaml: Yaml): Promise<BundleTestCase> {
  const casesDir = join(versionDir, "test_cases");
  const names = [];
  for await (const entry of Deno.readDir(casesDir)) {
    if (entry.isDirectory && !entry.name.startsWith(".")) names.push(entry.name);
  }
  names.sort();
  if (names.length === 0) throw new Error(`${casesDir} holds no test case`);
  const caseDir = join(casesDir, names[0]);
  const read = async (fileNames: string[]) =>
    Object.fromEntries(
      await Promise.all(
        fileNames.map(async (name) => [name, await Deno.readFile(join(caseDir, name))]),
      ),
    );
  const inputNames = Object.keys(section(yaml.inputs));
  return {
    name: names[0],
    inputPaths: Object.fromEntries(inputNames.map((name) => [name, join(caseDir, name)])),
    inputs: await read(inputNames),
    outputs: await read(Object.keys(section(yaml.outputs))),
  };
}

/** Reads the embedded bundle; throws when it is absent or has no test case. */
export function readEmbeddedBundle(): Promise<EmbeddedBundle> {
  const versionDir = embeddedVersionDir();
  if (!versionDir) throw new Error(`no x.y.z bundle with model.yaml in ${embeddedBundleRoot()}`);
  return readBundleVersion(versionDir);
}

/** Reads the bundle version folder `versionDir` as {@link readEmbeddedBundle} does. */
export async function readBundleVersion(versionDir: string): Promise<EmbeddedBundle> {
  const yaml = section(parse(await Deno.readTextFile(join(versionDir, "model.yaml"))));
  return {
    versionDir,
    yaml,
    status: expectedStatusMetadata(yaml),
    firstCase: await readFirstCase(versionDir, yaml),
  };
}

/** Re-serialises JSON text compactly (the contract's comparison for `.json` files). */
export function compactJson(bytes: Uint8Array): string {
  return JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)));
}
