/**
 * The Caikit template's hello-world, as a lifecycle module in plain
 * TypeScript: input `{"name": "World"}`, output `{"greeting": "Hello
 * World"}`. Training reads a CSV with a `greeting` column and keeps its most
 * frequent value as the greeting word (ties: the first seen), or the
 * `greeting` parameter when given. A small, complete example of
 * {@link RuntimeModule}: train, save, load, run.
 *
 * @module
 */
import { join } from "node:path";
import { badRequest } from "../base/errors.ts";
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

/** The most frequent value of the `greeting` column, or `Hello`. */
function learnGreeting(data: TrainingData): string {
  if (!data.columns.includes("greeting")) {
    throw badRequest(`${data.source}: the hello-world module trains on a 'greeting' column`);
  }
  const counts = new Map<string, number>();
  for (const row of data.rows) {
    const word = row.greeting.trim();
    if (word !== "") counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  let best = "Hello";
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
    if (typeof name !== "string" || name === "") {
      throw badRequest(`input.json: expected {"name": "..."} with a non-empty string name`);
    }
    return { name };
  },
  train(data, params) {
    return Promise.resolve(greeter(params.greeting || learnGreeting(data)));
  },
  async load(dir) {
    return greeter((await Deno.readTextFile(join(dir, ARTIFACT))).trim());
  },
};
