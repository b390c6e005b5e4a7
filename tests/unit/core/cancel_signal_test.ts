import assert from "node:assert/strict";
import { RequestSignal } from "../../../runtime/core/cancel_signal.ts";
import { Batcher } from "../../../runtime/core/batcher.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { withDeadline } from "../../../runtime/core/deadlines.ts";

Deno.test("RequestSignal: listeners hear one abort, in order; removed ones and late ones do not", () => {
  const signal = new RequestSignal();
  const heard: string[] = [];
  const removed = () => heard.push("removed");
  signal.addEventListener("abort", () => heard.push("first"));
  signal.addEventListener("abort", removed);
  signal.addEventListener("abort", () => {
    throw new Error("a failing listener");
  });
  signal.addEventListener("abort", () => heard.push("last"));
  signal.removeEventListener("abort", removed);
  assert.equal(signal.aborted, false);
  assert.equal(signal.reason, undefined);
  const reason = new RuntimeError("timeout", "too late");
  signal.abort(reason);
  signal.abort(new RuntimeError("cancelled", "again"));
  signal.addEventListener("abort", () => heard.push("after"));
  assert.deepEqual(heard, ["first", "last"]);
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, reason);
});

Deno.test("RequestSignal: a queued batcher entry leaves on abort with the signal's reason", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const batcher = new Batcher(async (xs: readonly number[]) => {
    await gate;
    return xs.map((x) => x * 2);
  }, { maxBatchSize: 1, maxWaitMs: 1, maxConcurrentCalls: 1 });
  const first = batcher.submit([1]);
  const signal = new RequestSignal();
  const second = batcher.submit([2], signal);
  await Promise.resolve();
  assert.equal(batcher.queued, 1);
  signal.abort(new RuntimeError("cancelled", "the client went away"));
  await assert.rejects(second, { kind: "cancelled", message: "the client went away" });
  assert.equal(batcher.queued, 0);
  release();
  assert.deepEqual(await first, [2]);
});

Deno.test("withDeadline on a request's own signal aborts that signal; disposal cancels it", async () => {
  const own = new RequestSignal();
  const deadline = withDeadline(own, 10, "the run");
  assert.equal(deadline.signal, own, "no second signal");
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(own.aborted, true);
  assert.equal((own.reason as RuntimeError).kind, "timeout");
  deadline[Symbol.dispose]();

  const second = new RequestSignal();
  const cancelled = withDeadline(second, 10, "the run");
  cancelled[Symbol.dispose]();
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(second.aborted, false);
});
