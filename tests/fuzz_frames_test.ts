/**
 * The short version of bench/fuzz_frames.ts: 2,000 mutated gRPC requests
 * and garbage HTTP/2 connections against the real server process; it must
 * not crash, must answer a valid Run afterwards, and its memory must not run away.
 */
import assert from "node:assert/strict";
import { fuzzServer } from "../bench/fuzz_frames.ts";
import { startServeProcess } from "../bench/support/serve_process.ts";

Deno.test("2,000 mutated frames: no crash, a valid Run still answered, memory bounded", async () => {
  const server = await startServeProcess();
  try {
    const report = await fuzzServer(server, 2_000, Date.now() % 100_000, 2, 8);
    assert.equal(report.frames >= 2_000, true);
    assert.equal(report.serverAlive, true, JSON.stringify(report));
    assert.equal(report.validAfter, true, JSON.stringify(report));
    assert.ok(report.rssMiB.peak < 1024, `RSS peak ${report.rssMiB.peak} MiB`);
    // Every kind of answer came back: successes and several refusals.
    assert.ok(Object.keys(report.statuses).length >= 4, JSON.stringify(report.statuses));
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
