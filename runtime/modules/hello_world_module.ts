/**
 * The Caikit template's hello-world, as a lifecycle module in plain
 * TypeScript: input `{"name": "World"}`, output `{"greeting": "Hello
 * World"}`. Training keeps the most frequent value of a `greeting` column as
 * the greeting word (ties: the first seen), or the `greeting` parameter when
 * given; records without one (the template's `{text, label}`) leave it
 * `Hello`. A small, complete example of {@link RuntimeModule}: train, save,
 * load, run. Its Caikit face is the template's: library `caikit_template`,
 * `HelloWorldModule` 0.0.1, task `HelloWorldTask`.
 *
 * @module
 */
import { join } from "node:path";
import { badRequest } from "../base/errors.ts";
import type { CaikitDataObject, CaikitFace } from "../model/caikit_face.ts";
import {
  type RuntimeModule,
  type TrainedModel,
  type TrainingData,
  writeModuleYaml,
} from "./module_api.ts";

/** Input of the greeting task. */
export interface HelloWorldInput {
  /** Who to greet. */
  readonly name: string;
}

/** Output of the greeting task. */
export interface HelloWorldPrediction {
  /** The greeting. */
  readonly greeting: string;
}

/** The module's registered id. */
export const HELLO_WORLD_ID = "hello-world";

const ARTIFACT = "greeting.txt";

/** The greeting word of a model that learned none. */
const DEFAULT_GREETING = "Hello";

/** The package of the template's data objects. */
const TEMPLATE_DATA_MODEL = "caikit_template.data_model";

/** The template's `HelloWorldInput`. */
const HELLO_WORLD_INPUT: CaikitDataObject = {
  kind: "object",
  package: TEMPLATE_DATA_MODEL,
  name: "HelloWorldInput",
  fields: [{ name: "name", type: "str" }],
};

/** The template's `HelloWorldPrediction`. */
const HELLO_WORLD_PREDICTION: CaikitDataObject = {
  kind: "object",
  package: TEMPLATE_DATA_MODEL,
  name: "HelloWorldPrediction",
  fields: [{ name: "greeting", type: "str" }],
};

/** The template's training record `HelloWorldTrainingType`. */
const HELLO_WORLD_TRAINING_TYPE: CaikitDataObject = {
  kind: "object",
  package: TEMPLATE_DATA_MODEL,
  name: "HelloWorldTrainingType",
  fields: [{ name: "text", type: "str" }, { name: "label", type: "str" }],
};

/** The Caikit template's identity of the module (caikit-template, caikit 0.18.1). */
export const HELLO_WORLD_CAIKIT_FACE: CaikitFace = {
  library: "caikit_template",
  module: {
    id: "00110203-0405-0607-0809-0a0b02dd0e0f",
    name: "HelloWorldModule",
    version: "0.0.1",
  },
  task: {
    name: "HelloWorldTask",
    parameters: [{ name: "text_input", type: HELLO_WORLD_INPUT }],
    output: HELLO_WORLD_PREDICTION,
  },
  training: {
    parameters: [{ name: "training_data", type: { stream: HELLO_WORLD_TRAINING_TYPE } }],
  },
  toInput: (parameters) => parameters.text_input,
};

function greeter(word: string): TrainedModel<HelloWorldInput, HelloWorldPrediction> {
  return {
    run: (input) => Promise.resolve({ greeting: `${word} ${input.name}` }),
    async save(dir, about) {
      await Deno.writeTextFile(join(dir, ARTIFACT), word);
      await writeModuleYaml(dir, HELLO_WORLD_MODULE.info, {
        name: about.name,
        version: about.version,
        summary: `Greets a name with '${word}'.`,
        config: { artifact: ARTIFACT },
      });
    },
  };
}

/** The most frequent value of the `greeting` column, or `Hello` (also without one). */
function learnGreeting(data: TrainingData): string {
  const counts = new Map<string, number>();
  for (const row of data.rows) {
    const word = (row.greeting ?? "").trim();
    if (word !== "") counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  let best = DEFAULT_GREETING;
  let bestCount = 0;
  for (const [word, count] of counts) {
    if (count > bestCount) [best, bestCount] = [word, count];
  }
  return best;
}

/**
 * The hello-world module.
 *
 * @example
 * ```ts
 * import { HELLO_WORLD_MODULE } from "./hello_world_module.ts";
 * const model = await HELLO_WORLD_MODULE.train!(
 *   { source: "x.csv", columns: ["greeting"], rows: [{ greeting: "Hi" }], csvText: "" },
 *   {},
 * );
 * const answer = await model.run({ name: "World" });
 * if (answer.greeting !== "Hi World") throw new Error(answer.greeting);
 * ```
 */
export const HELLO_WORLD_MODULE: RuntimeModule<HelloWorldInput, HelloWorldPrediction> = {
  info: { id: HELLO_WORLD_ID, name: "Hello World", version: "0.1.0", task: "greeting" },
  parseInput(document) {
    const name = (document as { name?: unknown } | null)?.name;
    // An empty name is a name, as in the template (proto3 cannot tell it from an unset one).
    if (typeof name !== "string") {
      throw badRequest(`input.json: expected {"name": "..."} with a string name`);
    }
    return { name };
  },
  train(data, params) {
    return Promise.resolve(greeter(params.greeting || learnGreeting(data)));
  },
  async load(dir, config) {
    // A Caikit model folder may hold only config.yml (the template's demo): `greeting`, or Hello.
    if (typeof config.greeting === "string" && config.greeting.trim() !== "") {
      return greeter(config.greeting.trim());
    }
    if (typeof config.artifact !== "string") return greeter(DEFAULT_GREETING);
    return greeter((await Deno.readTextFile(join(dir, config.artifact))).trim());
  },
  caikit: HELLO_WORLD_CAIKIT_FACE,
};
