import assert from "node:assert/strict";
import { ModelHost } from "../../../runtime/core/model_host.ts";
import { badRequest, RuntimeError } from "../../../runtime/base/errors.ts";
import type {
  InputFiles,
  ItemResult,
  ModelWrapper,
  OutputFiles,
} from "../../../runtime/model/contract.ts";
import { jsonItem, testBundle } from "../../support/test_bundle.ts";

const FLAGS = { detectDrift: false, explain: false };
const decoder = new TextDecoder();

/** Echoes `input.json` into `results.json`; an input of "bad" fails; records calls. */
class EchoModel implements ModelWrapper {
  singleCalls = 0;
  batchSizes: number[] = [];
  initCalls = 0;
  failInit = 0;
  constructor(readonly batch: "ok" | "throws" | "wrong-count" | "none" = "ok") {}
  async initialize() {
    this.initCalls++;
    await new Promise((r) => setTimeout(r, 5));
    if (this.failInit-- > 0) throw new Error("weights file is corrupt");
  }
  handleInput(input: InputFiles): Promise<OutputFiles> {
    this.singleCalls++;
    const text = decoder.decode(input.get("input.json"));
    if (text === "bad") return Promise.reject(badRequest("input.json: bad item"));
    return Promise.resolve(new Map([["results.json", input.get("input.json")!]]));
  }
  get handleBatch() {
    if (this.batch === "none") return undefined;
    return (inputs: readonly InputFiles[]): Promise<ItemResult[]> => {
      this.batchSizes.push(inputs.length);
      if (this.batch === "throws") return Promise.reject(new Error("batch broke"));
      const results: ItemResult[] = inputs.map((input) => {
        const text = decoder.decode(input.get("input.json"));
        return text === "bad"
          ? badRequest("input.json: bad item")
          : new Map([["results.json", input.get("input.json")!]]);
      });
      return Promise.resolve(this.batch === "wrong-count" ? results.slice(1) : results);
    };
  }
}

function texts(results: ItemResult[]): string[] {
  return results.map((r) =>
    r instanceof Error ? `error:${r.message}` : decoder.decode(r.get("results.json"))
  );
}

Deno.test("items run in chunks of maxBatchSize through the batch handler, in order", async () => {
  const model = new EchoModel();
  const host = new ModelHost(testBundle(4), model);
  assert.deepEqual(await host.initialize(), { ok: true });
  const items = Array.from({ length: 10 }, (_, i) => jsonItem(`${i}`));
  const results = await host.run(items, FLAGS);
  assert.deepEqual(texts(results), ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  assert.deepEqual(model.batchSizes, [4, 4, 2]);
  assert.equal(model.singleCalls, 0);
});

Deno.test("a failing item fails alone, in the batch handler and one by one", async () => {
  for (const batch of ["ok", "none"] as const) {
    const host = new ModelHost(testBundle(8), new EchoModel(batch));
    await host.initialize();
    const results = await host.run([jsonItem("a"), jsonItem("bad"), jsonItem("c")], FLAGS);
    assert.deepEqual(texts(results), ["a", "error:input.json: bad item", "c"], batch);
    assert.equal((results[1] as RuntimeError).kind, "bad_request");
  }
});

Deno.test("a batch handler that throws or miscounts falls back to one call per item", async () => {
  for (const batch of ["throws", "wrong-count"] as const) {
    const model = new EchoModel(batch);
    const reasons: string[] = [];
    const host = new ModelHost(testBundle(8), model, { onBatchFallback: (r) => reasons.push(r) });
    await host.initialize();
    const results = await host.run([jsonItem("a"), jsonItem("b"), jsonItem("c")], FLAGS);
    assert.deepEqual(texts(results), ["a", "b", "c"]);
    assert.equal(model.singleCalls, 3);
    assert.deepEqual(reasons, [
      batch === "throws"
        ? "batch handler threw: batch broke"
        : "batch handler answered 2 results for 3 items",
    ]);
  }
});

Deno.test("items whose files are not the declared inputs fail before the model sees them", async () => {
  const model = new EchoModel();
  const host = new ModelHost(testBundle(8), model);
  await host.initialize();
  const extra = new Map([...jsonItem("x"), ["other.bin", new Uint8Array(1)]]);
  const results = await host.run([new Map(), jsonItem("ok"), extra], FLAGS);
  assert.deepEqual(texts(results), [
    "error:missing input file 'input.json'; this model takes: input.json",
    "ok",
    "error:unknown input file 'other.bin'; this model takes: input.json",
  ]);
  assert.equal(model.singleCalls, 1, "only the valid item reached the model");
});

Deno.test("before initialisation every item fails with a not_ready error saying why", async () => {
  const host = new ModelHost(testBundle(), new EchoModel());
  const [result] = await host.run([jsonItem("a")], FLAGS);
  assert.ok(result instanceof RuntimeError);
  assert.equal(result.kind, "not_ready");
  assert.equal(result.message, "the model is not initialized yet: call Status first");
});

Deno.test("concurrent initialisations share one load; a failed load is retried", async () => {
  const model = new EchoModel();
  model.failInit = 1;
  const host = new ModelHost(testBundle(), model);
  const [a, b] = await Promise.all([host.initialize(), host.initialize()]);
  assert.equal(model.initCalls, 1);
  assert.equal(a.ok, false);
  assert.deepEqual(a, b);
  assert.equal(host.phase, "failed");
  const [item] = await host.run([jsonItem("a")], FLAGS);
  assert.equal(
    (item as Error).message,
    "the model failed to initialize: weights file is corrupt",
  );
  assert.deepEqual(await host.initialize(), { ok: true });
  assert.equal(model.initCalls, 2);
  assert.deepEqual(texts(await host.run([jsonItem("a")], FLAGS)), ["a"]);
});

Deno.test("after close, runs fail and initialize refuses", async () => {
  const host = new ModelHost(testBundle(), new EchoModel());
  await host.initialize();
  await host.close();
  const [item] = await host.run([jsonItem("a")], FLAGS);
  assert.equal((item as Error).message, "the model has been shut down");
  assert.equal((await host.initialize()).ok, false);
});
