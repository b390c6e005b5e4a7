/**
 * A model for adapter and server tests: echoes `input.json` into
 * `results.json` as a success document; the input `bad` fails that item.
 *
 * @module
 */
import { badRequest } from "../../runtime/base/errors.ts";
import type {
  InputFiles,
  ItemResult,
  ModelWrapper,
  OutputFiles,
  RunOptions,
} from "../../runtime/model/contract.ts";
import { successOutput } from "../../runtime/model/outputs.ts";

const decoder = new TextDecoder();

/** Echo model with call counters and an optional initialisation failure. */
export class EchoModel implements ModelWrapper {
  /** Batch sizes the batch handler saw. */
  readonly batchSizes: number[] = [];
  /** When set, initialize throws this message. */
  failWith: string | null = null;

  /** Fails when `failWith` is set. */
  initialize(): Promise<void> {
    return this.failWith ? Promise.reject(new Error(this.failWith)) : Promise.resolve();
  }

  /** Echoes one item. */
  handleInput(input: InputFiles, options: RunOptions): Promise<OutputFiles> {
    const text = decoder.decode(input.get("input.json"));
    if (text === "bad") return Promise.reject(badRequest("input.json: this item is bad"));
    const explanation = options.explain ? "asked" : null;
    return Promise.resolve(
      new Map([["results.json", successOutput({ result: { echo: text }, explanation })]]),
    );
  }

  /** Echoes several items, each on its own. */
  async handleBatch(inputs: readonly InputFiles[], options: RunOptions): Promise<ItemResult[]> {
    this.batchSizes.push(inputs.length);
    const results: ItemResult[] = [];
    for (const input of inputs) {
      results.push(await this.handleInput(input, options).catch((error: Error) => error));
    }
    return results;
  }
}
