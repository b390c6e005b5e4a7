/**
 * Micro-benchmarks of the batcher's own cost: a lone submission on an idle
 * model (the adaptive path: no wait) and 64 concurrent submissions that
 * coalesce into one call, against calling the backend directly.
 */
import { Batcher } from "../runtime/core/batcher.ts";

const backend = (entries: readonly number[]) => Promise.resolve(entries.map((n) => n + 1));
const batcher = new Batcher(backend, { maxBatchSize: 64, maxWaitMs: 1, maxConcurrentCalls: 2 });
const single = [1];

Deno.bench("direct backend call, 1 entry", { group: "batcher", baseline: true }, async () => {
  await backend(single);
});
Deno.bench("batcher, lone submission (idle)", { group: "batcher" }, async () => {
  await batcher.submit(single);
});
Deno.bench("batcher, 64 concurrent submissions -> 1 call", { group: "batcher" }, async () => {
  const pending: Promise<number[]>[] = [];
  for (let i = 0; i < 64; i++) pending.push(batcher.submit(single));
  await Promise.all(pending);
});
