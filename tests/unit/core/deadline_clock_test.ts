import assert from "node:assert/strict";
import { DeadlineClock, type ScheduledDeadline } from "../../../runtime/core/deadline_clock.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("deadline clock: deadlines fire in time order, each once", async () => {
  const clock = new DeadlineClock();
  const fired: string[] = [];
  clock.schedule(40, () => fired.push("c"));
  clock.schedule(10, () => fired.push("a"));
  clock.schedule(25, () => fired.push("b"));
  assert.equal(clock.pending, 3);
  await sleep(80);
  assert.deepEqual(fired, ["a", "b", "c"]);
  assert.equal(clock.pending, 0);
});

Deno.test("deadline clock: a cancelled deadline never fires; the last cancel leaves no timer", async () => {
  const clock = new DeadlineClock();
  const fired: number[] = [];
  const first = clock.schedule(10, () => fired.push(1));
  const second = clock.schedule(20, () => fired.push(2));
  first.cancel();
  first.cancel();
  assert.equal(clock.pending, 1);
  second.cancel();
  assert.equal(clock.pending, 0);
  // The test sanitizer fails this test if a timer were still pending here.
  await sleep(30);
  assert.deepEqual(fired, []);
});

Deno.test("deadline clock: thousands cancelled out of order keep the live ones exact", async () => {
  const clock = new DeadlineClock();
  const fired: number[] = [];
  const deadlines: { i: number; ms: number; handle: ScheduledDeadline }[] = [];
  for (let i = 0; i < 5000; i++) {
    const ms = 5 + (i * 7919) % 40;
    deadlines.push({ i, ms, handle: clock.schedule(ms, () => fired.push(i)) });
  }
  // Cancel all but every 97th, in a scrambled order (forces heap rebuilds).
  const kept = deadlines.filter(({ i }) => i % 97 === 0);
  for (const { i, handle } of [...deadlines].sort((a, b) => (a.i * 31) % 101 - (b.i * 31) % 101)) {
    if (i % 97 !== 0) handle.cancel();
  }
  assert.equal(clock.pending, kept.length);
  await sleep(100);
  assert.deepEqual(new Set(fired), new Set(kept.map(({ i }) => i)));
  assert.equal(fired.length, kept.length);
});

Deno.test("deadline clock: an earlier deadline scheduled later re-arms the timer", async () => {
  const clock = new DeadlineClock();
  const fired: string[] = [];
  const late = clock.schedule(10_000, () => fired.push("late"));
  clock.schedule(15, () => fired.push("early"));
  await sleep(50);
  assert.deepEqual(fired, ["early"]);
  late.cancel();
});

Deno.test("deadline clock: a throwing callback does not stop the others", async () => {
  const clock = new DeadlineClock();
  const fired: string[] = [];
  clock.schedule(5, () => {
    throw new Error("boom");
  });
  clock.schedule(5, () => fired.push("next"));
  await sleep(40);
  assert.deepEqual(fired, ["next"]);
});

Deno.test("deadline clock: a callback may cancel the other deadlines", async () => {
  const clock = new DeadlineClock();
  const fired: string[] = [];
  const others = [
    clock.schedule(6, () => fired.push("b")),
    clock.schedule(7, () => fired.push("c")),
  ];
  clock.schedule(5, () => {
    fired.push("a");
    for (const other of others) other.cancel();
  });
  await sleep(40);
  assert.deepEqual(fired, ["a"]);
  assert.equal(clock.pending, 0);
});
