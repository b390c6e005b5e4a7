import assert from "node:assert/strict";
import { Batcher } from "../../../runtime/core/batcher.ts";
import { ModelHost } from "../../../runtime/core/model_host.ts";
import { badRequest, RuntimeError } from "../../../runtime/base/errors.ts";
import type {
  InputFiles,
  ItemResult,
  ModelWrapper,
  RunOptions,
} from "../../../runtime/model/contract.ts";
import { jsonItem, testBundle } from "../../support/test_bundle.ts";

const FLAGS = { detectDrift: false, explain: false };
const decoder = new TextDecoder();

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => open = resolve);
  return { promise, open };
}

/** A backend that doubles numbers, records each call, and can be held closed. */
class Doubler {
  readonly calls: number[][] = [];
  held: Promise<void> | null = null;
  run = async (entries: readonly number[]): Promise<(number | Error)[]> => {
    this.calls.push([...entries]);
    if (this.held) await this.held;
    return entries.map((n) => n < 0 ? badRequest(`negative: ${n}`) : n * 2);
  };
}

Deno.test("concurrent submissions share one call and each gets its own answers in order", async () => {
  const backend = new Doubler();
  const batcher = new Batcher(backend.run, {
    maxBatchSize: 16,
    maxWaitMs: 1,
    maxConcurrentCalls: 1,
  });
  const answers = await Promise.all([
    batcher.submit([1, 2, 3]),
    batcher.submit([4]),
    batcher.submit([5, 6]),
  ]);
  assert.deepEqual(answers, [[2, 4, 6], [8], [10, 12]]);
  assert.deepEqual(backend.calls, [[1, 2, 3, 4, 5, 6]]);
});

Deno.test("a failing entry fails alone; its neighbours in the same call succeed", async () => {
  const backend = new Doubler();
  const batcher = new Batcher(backend.run, {
    maxBatchSize: 8,
    maxWaitMs: 1,
    maxConcurrentCalls: 1,
  });
  const [a, b, c] = await Promise.all([
    batcher.submit([1]),
    batcher.submit([-7]),
    batcher.submit([3, -1, 4]),
  ]);
  assert.equal(backend.calls.length, 1);
  assert.deepEqual(a, [2]);
  assert.ok(b[0] instanceof RuntimeError && b[0].message === "negative: -7");
  assert.equal(c[0], 6);
  assert.ok(c[1] instanceof RuntimeError);
  assert.equal(c[2], 8);
});

Deno.test("a runner that throws fails only the callers in that call", async () => {
  let call = 0;
  const batcher = new Batcher<number, number>(
    (entries) => {
      call++;
      return call === 1 ? Promise.reject(new Error("backend down")) : Promise.resolve([...entries]);
    },
    { maxBatchSize: 2, maxWaitMs: 1, maxConcurrentCalls: 1 },
  );
  const first = batcher.submit([1, 2]);
  const second = batcher.submit([3]);
  await assert.rejects(first, (error: RuntimeError) => error.kind === "internal");
  assert.deepEqual(await second, [3]);
});

Deno.test("batches never exceed maxBatchSize; a large submission spans several calls", async () => {
  const backend = new Doubler();
  const batcher = new Batcher(backend.run, {
    maxBatchSize: 4,
    maxWaitMs: 1,
    maxConcurrentCalls: 2,
  });
  const inputs = Array.from({ length: 23 }, (_, i) => i);
  const results = await Promise.all([
    batcher.submit(inputs.slice(0, 10)),
    batcher.submit(inputs.slice(10, 11)),
    batcher.submit(inputs.slice(11)),
  ]);
  assert.deepEqual(results.flat(), inputs.map((n) => n * 2));
  assert.ok(backend.calls.every((call) => call.length <= 4), JSON.stringify(backend.calls));
  assert.deepEqual(backend.calls.flat(), inputs, "every entry ran once, in queue order");
});

Deno.test("sized entries: a batch holds at most maxBatchSize rows; a larger entry goes alone", async () => {
  const calls: number[][] = [];
  const batcher = new Batcher<number, number>(
    (entries) => {
      calls.push([...entries]);
      return Promise.resolve([...entries]);
    },
    { maxBatchSize: 8, maxWaitMs: 1, maxConcurrentCalls: 1, sizeOf: (rows) => rows },
  );
  await Promise.all([5, 3, 2, 12, 1].map((rows) => batcher.submit([rows])));
  assert.deepEqual(calls, [[5, 3], [2], [12], [1]]);
});

Deno.test("no wait when idle: a lone submission runs at once even with a huge maxWait", async () => {
  const backend = new Doubler();
  const batcher = new Batcher(backend.run, {
    maxBatchSize: 64,
    maxWaitMs: 60_000,
    maxConcurrentCalls: 1,
  });
  // With a one-minute wait, only an immediate flush lets this finish before the test times out.
  const timer = new Promise((_, reject) => {
    const id = setTimeout(() => reject(new Error("the lone submission waited")), 30_000);
    Deno.unrefTimer(id);
  });
  assert.deepEqual(await Promise.race([batcher.submit([21]), timer]), [42]);
  assert.deepEqual(await Promise.race([batcher.submit([1]), timer]), [2]);
  assert.equal(backend.calls.length, 2);
});

Deno.test("while a call is in flight, new submissions collect and go out together", async () => {
  const backend = new Doubler();
  const hold = gate();
  backend.held = hold.promise;
  const batcher = new Batcher(backend.run, {
    maxBatchSize: 64,
    maxWaitMs: 60_000,
    maxConcurrentCalls: 1,
  });
  const first = batcher.submit([1]);
  await Promise.resolve();
  assert.equal(batcher.inFlight, 1);
  const later = [2, 3, 4, 5].map((n) => batcher.submit([n]));
  assert.equal(batcher.queued, 4);
  backend.held = null;
  hold.open();
  assert.deepEqual(await first, [2]);
  assert.deepEqual(await Promise.all(later), [[4], [6], [8], [10]]);
  assert.deepEqual(backend.calls, [[1], [2, 3, 4, 5]]);
});

Deno.test("a cancelled submission leaves the queue; the others still run", async () => {
  const backend = new Doubler();
  const hold = gate();
  backend.held = hold.promise;
  const batcher = new Batcher(backend.run, {
    maxBatchSize: 8,
    maxWaitMs: 60_000,
    maxConcurrentCalls: 1,
  });
  const first = batcher.submit([1]);
  await Promise.resolve();
  const cancel = new AbortController();
  const doomed = batcher.submit([2, 3], cancel.signal);
  const expire = new AbortController();
  const expired = batcher.submit([4], expire.signal);
  const kept = batcher.submit([5]);
  cancel.abort();
  expire.abort(new RuntimeError("timeout", "the request's deadline passed"));
  await assert.rejects(doomed, (error: RuntimeError) => error.kind === "cancelled");
  await assert.rejects(expired, (error: RuntimeError) => error.kind === "timeout");
  assert.equal(batcher.queued, 1);
  backend.held = null;
  hold.open();
  assert.deepEqual(await first, [2]);
  assert.deepEqual(await kept, [10]);
  assert.deepEqual(backend.calls, [[1], [5]], "cancelled entries never reached the backend");
  await assert.rejects(
    batcher.submit([9], AbortSignal.abort()),
    (error: RuntimeError) => error.kind === "cancelled",
  );
});

/** A wrapper whose batch handler counts calls; the item "bad" fails alone. */
class CountingModel implements ModelWrapper {
  readonly batchSizes: number[] = [];
  singleCalls = 0;
  initialize(): Promise<void> {
    return Promise.resolve();
  }
  handleInput(input: InputFiles) {
    this.singleCalls++;
    return Promise.resolve(new Map([["results.json", input.get("input.json")!]]));
  }
  handleBatch(inputs: readonly InputFiles[]): Promise<ItemResult[]> {
    this.batchSizes.push(inputs.length);
    return Promise.resolve(
      inputs.map((input) =>
        decoder.decode(input.get("input.json")) === "bad"
          ? badRequest("input.json: bad item")
          : new Map([["results.json", input.get("input.json")!]])
      ),
    );
  }
}

function texts(results: ItemResult[]): string[] {
  return results.map((r) =>
    r instanceof Error ? `error:${r.message}` : decoder.decode(r.get("results.json"))
  );
}

Deno.test("ModelHost: concurrent runs coalesce into handleBatch calls, answers in order", async () => {
  const model = new CountingModel();
  const host = new ModelHost(testBundle(8), model);
  await host.initialize();
  const runs = Array.from(
    { length: 20 },
    (_, i) => host.run([jsonItem(i === 5 ? "bad" : `${i}`)], FLAGS),
  );
  const results = (await Promise.all(runs)).map(texts);
  assert.deepEqual(
    results,
    Array.from({ length: 20 }, (_, i) => [i === 5 ? "error:input.json: bad item" : `${i}`]),
  );
  assert.deepEqual(model.batchSizes, [8, 8, 4]);
  assert.equal(model.singleCalls, 0);
});

Deno.test("ModelHost: items with different run options never share a call", async () => {
  const seen: string[] = [];
  const model = new CountingModel();
  model.handleBatch = (inputs: readonly InputFiles[], options?: RunOptions) => {
    seen.push(`${inputs.length}:${options?.explain}`);
    return Promise.resolve(
      inputs.map((input): ItemResult => new Map([["results.json", input.get("input.json")!]])),
    );
  };
  const host = new ModelHost(testBundle(8), model);
  await host.initialize();
  await Promise.all([
    host.run([jsonItem("a")], FLAGS),
    host.run([jsonItem("b")], { detectDrift: false, explain: true }),
    host.run([jsonItem("c")], FLAGS),
    host.run([jsonItem("d")], { detectDrift: false, explain: true }),
  ]);
  assert.deepEqual(seen.sort(), ["2:false", "2:true"]);
});

Deno.test("ModelHost: batching off runs each request on its own", async () => {
  const model = new CountingModel();
  const host = new ModelHost(testBundle(8), model, {}, { batching: { enabled: false } });
  await host.initialize();
  const results = await Promise.all([
    host.run([jsonItem("a")], FLAGS),
    host.run([jsonItem("b")], FLAGS),
  ]);
  assert.deepEqual(results.map(texts), [["a"], ["b"]]);
  assert.equal(model.singleCalls, 2);
  assert.deepEqual(model.batchSizes, []);
  assert.equal(host.batching, false);
});

Deno.test("ModelHost: an aborted run rejects and its items never reach the model", async () => {
  const model = new CountingModel();
  const hold = gate();
  const original = model.handleBatch.bind(model);
  model.handleInput = async (input) => {
    await hold.promise;
    model.singleCalls++;
    return new Map([["results.json", input.get("input.json")!]]);
  };
  model.handleBatch = original;
  const host = new ModelHost(testBundle(8), model, {}, {
    batching: { maxWaitMs: 60_000, maxConcurrentCalls: 1 },
  });
  await host.initialize();
  const first = host.run([jsonItem("first")], FLAGS);
  await Promise.resolve();
  const controller = new AbortController();
  const doomed = host.run([jsonItem("doomed")], FLAGS, controller.signal);
  await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  await assert.rejects(doomed, (error: RuntimeError) => error.kind === "cancelled");
  hold.open();
  assert.deepEqual(texts(await first), ["first"]);
  assert.equal(model.singleCalls, 1);
  assert.deepEqual(model.batchSizes, []);
});

Deno.test("onBatch hears each call's size and every submission's wait", async () => {
  const heard: { size: number; waits: number }[] = [];
  const model = new CountingModel();
  const host = new ModelHost(testBundle(8), model, {
    onBatch: (size, waitedMs) => {
      assert.ok(waitedMs.every((ms) => ms >= 0));
      heard.push({ size, waits: waitedMs.length });
    },
  });
  await host.initialize();
  await Promise.all([
    host.run([jsonItem("a"), jsonItem("b")], FLAGS),
    host.run([jsonItem("c")], FLAGS),
  ]);
  assert.deepEqual(heard, [{ size: 3, waits: 2 }]);
});
