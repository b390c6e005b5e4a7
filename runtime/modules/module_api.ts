/**
 * The module lifecycle (Caikit style): a module is identified by a stable
 * id, a name and a version, bound to a task, and has four functions —
 * `train(data, params)` gives a trained model, `model.save(dir)` writes it
 * as a saved model folder (model.yaml naming the module id, plus
 * artifacts), `load(dir)` reads one back, and `model.run(input)` (optionally
 * `runBatch`) answers. {@link moduleWrapper} adapts any module to the
 * runtime's {@link ModelWrapper}, so the same doors (Modzy, OIP, CLI) serve
 * it; its input is the JSON document in `input.json`, its output the
 * `result` of `results.json`.
 *
 * @module
 */
import { join } from "node:path";
import { stringify } from "yaml";
import { badRequest, notReady } from "../base/errors.ts";
import type {
  InputFiles,
  ItemResult,
  ModelContext,
  ModelWrapper,
  OutputFiles,
} from "../model/contract.ts";
import { successOutput } from "../model/outputs.ts";
import type { CaikitFace } from "../model/caikit_face.ts";

/** Who a module is. */
export interface ModuleInfo {
  /** Stable id written into model.yaml (`module.id`). */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Semver version of the module code. */
  readonly version: string;
  /** The task it serves, e.g. `text-classification` or `greeting`. */
  readonly task: string;
}

/** Training data handed to `train`: the CSV's rows keyed by header name. */
export interface TrainingData {
  /** Where it came from (a file name), for messages. */
  readonly source: string;
  /** The header, in order. */
  readonly columns: readonly string[];
  /** The data rows; every value is the cell's text. */
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** The CSV text itself, for modules that parse it their own way. */
  readonly csvText: string;
  /**
   * A folder the module may make scratch folders in while it trains and
   * until its trained model is closed (a server's training job: inside its
   * training folder, which the serving sandbox lets it write); absent: the
   * system's temp folder.
   */
  readonly scratchDir?: string;
}

/** A trained or loaded model of a module. */
export interface TrainedModel<I, O> {
  /** Answers one input. Throw `badRequest` for input the caller can fix. */
  run(input: I): Promise<O>;
  /** Answers several inputs at once: one result or error per input, in order. */
  runBatch?(inputs: readonly I[]): Promise<(O | Error)[]>;
  /**
   * Writes the saved model (model.yaml naming the module, and artifacts)
   * into the existing, empty `dir`, under the given model name and version.
   */
  save(dir: string, about: SaveOptions): Promise<void>;
  /** Releases resources. */
  close?(): Promise<void>;
}

/** The name and version a saved model is written under. */
export interface SaveOptions {
  /** Model name (model.yaml `name`). */
  readonly name: string;
  /** Version x.y.z (model.yaml `version`, and the bundle's version folder). */
  readonly version: string;
}

/** A module: identity, input validation, and the lifecycle. */
export interface RuntimeModule<I = unknown, O = unknown> {
  /** Identity. */
  readonly info: ModuleInfo;
  /** Checks and converts the parsed `input.json` document; throws `badRequest`. */
  parseInput(document: unknown): I;
  /** Trains from CSV data with string parameters; absent when the module cannot train. */
  train?(data: TrainingData, params: Readonly<Record<string, string>>): Promise<TrainedModel<I, O>>;
  /** Loads a saved model folder (the folder holding model.yaml); `config` is `module.config`. */
  load(dir: string, config: Readonly<Record<string, unknown>>): Promise<TrainedModel<I, O>>;
  /** How Caikit clients see the module (runtime/model/caikit_face.ts); absent: they cannot. */
  readonly caikit?: CaikitFace;
}

/** The input and output file names of lifecycle modules. */
export const MODULE_INPUT_FILE = "input.json";
/** The output file of lifecycle modules. */
export const MODULE_OUTPUT_FILE = "results.json";

/** What {@link writeModuleYaml} describes. */
export interface SavedModelDescription {
  /** Model name. */
  readonly name: string;
  /** Model version x.y.z. */
  readonly version: string;
  /** One sentence on what the model does. */
  readonly summary: string;
  /** The module's own settings (`module.config`). */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Writes a complete model.yaml (specification 0.4) naming `info.id` into
 * `dir`, declaring `input.json` -> `results.json`: what a module's `save`
 * calls so its saved model is also a servable bundle.
 */
export async function writeModuleYaml(
  dir: string,
  info: ModuleInfo,
  model: SavedModelDescription,
): Promise<void> {
  const document = {
    specification: "0.4",
    type: "grpc",
    source: `module ${info.id}`,
    version: model.version,
    name: model.name,
    author: `module ${info.name} ${info.version}`,
    description: {
      summary: model.summary,
      details: `Send ${MODULE_INPUT_FILE} (JSON); ${MODULE_OUTPUT_FILE} holds the result.`,
      technical: `Module ${info.id} (${info.name} ${info.version}), task ${info.task}.`,
      performance: "Not measured.",
    },
    releaseNotes: `Saved by module ${info.id}.`,
    tags: [info.task],
    filters: [{ type: "Task", label: info.task }],
    metrics: [],
    inputs: {
      [MODULE_INPUT_FILE]: {
        acceptedMediaTypes: ["application/json"],
        maxSize: "1M",
        description: `The ${info.task} input as JSON.`,
      },
    },
    outputs: {
      [MODULE_OUTPUT_FILE]: {
        mediaType: "application/json",
        maxSize: "1M",
        description: `The ${info.task} result.`,
      },
    },
    resources: { memory: { size: "512Mi" }, cpu: { count: 1 }, gpu: { count: 0 } },
    timeout: { status: "20s", run: "20s" },
    internal: {
      recommended: false,
      experimental: true,
      available: true,
      active: true,
      features: { explainable: false, adversarialDefense: false },
    },
    features: {
      adversarialDefense: false,
      maxBatchSize: 64,
      retrainable: info.id !== "",
      resultsFormat: "json",
      driftFormat: null,
      explanationFormat: null,
    },
    module: { id: info.id, config: { ...model.config } },
  };
  await Deno.writeTextFile(join(dir, "model.yaml"), stringify(document, { lineWidth: 0 }));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses one item's `input.json` into the module's input type. */
function readInput<I>(module: RuntimeModule<I, unknown>, input: InputFiles): I {
  for (const name of input.keys()) {
    if (name !== MODULE_INPUT_FILE) {
      throw badRequest(
        `unknown input file '${name}'; this model reads only '${MODULE_INPUT_FILE}'`,
      );
    }
  }
  const bytes = input.get(MODULE_INPUT_FILE);
  if (bytes === undefined) throw badRequest(`missing input file '${MODULE_INPUT_FILE}'`);
  let document: unknown;
  try {
    document = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw badRequest(`${MODULE_INPUT_FILE}: not valid UTF-8 JSON`, { cause: error });
  }
  return module.parseInput(document);
}

/**
 * Adapts a lifecycle module to the runtime's {@link ModelWrapper}:
 * `initialize` loads the bundle folder, items are `input.json` documents,
 * answers are `results.json` with the module's output as `result`.
 *
 * @example
 * ```ts ignore
 * const wrapper = moduleWrapper(HELLO_WORLD_MODULE);
 * await wrapper.initialize({ bundle });
 * ```
 */
export function moduleWrapper<I, O>(module: RuntimeModule<I, O>): ModelWrapper {
  let model: TrainedModel<I, O> | null = null;
  const answer = (output: O): OutputFiles =>
    new Map([[MODULE_OUTPUT_FILE, successOutput({ result: output as unknown })]]);
  const loaded = () => {
    if (model === null) throw notReady(`module ${module.info.id} is not initialised`);
    return model;
  };
  return {
    async initialize(context: ModelContext) {
      const config = context.bundle.spec.module?.config ?? {};
      model = await module.load(context.bundle.dir, config);
    },
    async handleInput(input: InputFiles): Promise<OutputFiles> {
      return answer(await loaded().run(readInput(module, input)));
    },
    async handleBatch(inputs: readonly InputFiles[]): Promise<ItemResult[]> {
      const current = loaded();
      const parsed = inputs.map((input) => {
        try {
          return { input: readInput(module, input) };
        } catch (error) {
          return { error: error as Error };
        }
      });
      const valid = parsed.filter((entry) => "input" in entry) as { input: I }[];
      const outputs: (O | Error)[] = current.runBatch
        ? await current.runBatch(valid.map((entry) => entry.input))
        : await Promise.all(
          valid.map((entry) => current.run(entry.input).catch((error: Error) => error)),
        );
      let next = 0;
      return parsed.map((entry): ItemResult => {
        if ("error" in entry && entry.error) return entry.error;
        const output = outputs[next++];
        return output instanceof Error ? output : answer(output);
      });
    },
    async close() {
      await model?.close?.();
      model = null;
    },
  };
}
