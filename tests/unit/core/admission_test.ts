import assert from "node:assert/strict";
import { AdmissionGate } from "../../../runtime/core/admission.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";

Deno.test("admission: beyond working + waiting requests, resource_exhausted at once", async () => {
  const gate = new AdmissionGate({ maxConcurrentRequests: 2, maxQueuedRequests: 1 });
  const first = await gate.enter();
  const second = await gate.enter();
  const third = gate.enter();
  assert.equal(gate.working, 2);
  assert.equal(gate.waiting, 1);
  await assert.rejects(gate.enter(), (error: RuntimeError) => {
    assert.equal(error.kind, "resource_exhausted");
    assert.match(error.message, /at capacity/);
    return true;
  });
  first();
  first(); // a second release does nothing
  const thirdRelease = await third;
  assert.equal(gate.working, 2);
  assert.equal(gate.waiting, 0);
  second();
  thirdRelease();
  assert.equal(gate.working, 0);
});

Deno.test("admission: a waiter whose signal aborts leaves the line with the signal's reason", async () => {
  const gate = new AdmissionGate({ maxConcurrentRequests: 1, maxQueuedRequests: 4 });
  const release = await gate.enter();
  const controller = new AbortController();
  const waiting = gate.enter(controller.signal);
  assert.equal(gate.waiting, 1);
  controller.abort(new RuntimeError("timeout", "too slow"));
  await assert.rejects(waiting, (error: RuntimeError) => error.kind === "timeout");
  assert.equal(gate.waiting, 0);
  release();
  assert.equal(gate.working, 0);
  const cancelled = new AbortController();
  cancelled.abort();
  await assert.rejects(gate.enter(cancelled.signal), (e: RuntimeError) => e.kind === "cancelled");
});

Deno.test("admission: run releases the turn when the work throws", async () => {
  const gate = new AdmissionGate({ maxConcurrentRequests: 1, maxQueuedRequests: 0 });
  await assert.rejects(gate.run(() => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(gate.working, 0);
  assert.equal(await gate.run(() => Promise.resolve(7)), 7);
});

Deno.test("admission: a flood of 10k requests keeps the line bounded", async () => {
  const gate = new AdmissionGate({ maxConcurrentRequests: 4, maxQueuedRequests: 16 });
  let refused = 0;
  const work = Array.from(
    { length: 10_000 },
    () =>
      gate.run(() => new Promise((r) => setTimeout(r, 1))).catch((error: RuntimeError) => {
        assert.equal(error.kind, "resource_exhausted");
        refused++;
      }),
  );
  assert.ok(gate.waiting <= 16);
  await Promise.all(work);
  assert.equal(refused, 10_000 - 20);
  assert.equal(gate.working, 0);
});

Deno.test("admission: waiting payload bytes are bounded; a lone large request may still wait", async () => {
  const gate = new AdmissionGate({
    maxConcurrentRequests: 1,
    maxQueuedRequests: 100,
    maxQueuedBytes: 1000,
  });
  const release = await gate.enter(undefined, 5_000); // working: not counted as waiting
  const lone = gate.enter(undefined, 4_000); // over the budget, but nothing else waits
  assert.equal(gate.waitingBytes, 4_000);
  await assert.rejects(gate.enter(undefined, 1), (error: RuntimeError) => {
    assert.equal(error.kind, "resource_exhausted");
    assert.match(error.message, /bytes of requests waiting/);
    return true;
  });
  release();
  (await lone)();
  assert.equal(gate.waitingBytes, 0);
  const first = await gate.enter(undefined, 10);
  const a = gate.enter(undefined, 600);
  await assert.rejects(gate.enter(undefined, 600), /at capacity/);
  const b = gate.enter(undefined, 400);
  assert.equal(gate.waitingBytes, 1000);
  first();
  (await a)();
  (await b)();
  assert.equal(gate.waitingBytes, 0);
  assert.equal(gate.working, 0);
});
