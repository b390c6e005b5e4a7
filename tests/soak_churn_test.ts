/**
 * The short version of bench/soak.ts: Modzy Runs from h2load loaders that
 * are SIGKILLed every 200 ms mid-stream; the server must keep answering and
 * exit 0 when stopped. Skipped (with a message) when h2load is not installed,
 * except under CI=true, where .ci/run installs it and its absence is a failure.
 */
import assert from "node:assert/strict";
import { soakServer } from "../bench/soak.ts";
import { startServeProcess } from "../bench/support/serve_process.ts";
import { hasH2load } from "../bench/support/h2load.ts";

const h2loadMissing = !(await hasH2load());
const skip = h2loadMissing && Deno.env.get("CI") !== "true";
if (skip) {
  console.log(
    "SKIPPED loader-churn soak: h2load is not installed (apt-get install nghttp2-client)",
  );
}

Deno.test({
  name: "loaders killed every 200 ms: the server survives and still answers",
  ignore: skip,
  fn: async () => {
    assert.ok(!h2loadMissing, "h2load is missing: .ci/run installs nghttp2-client");
    const server = await startServeProcess();
    try {
      const report = await soakServer(server, 10_000, 200, 3);
      assert.ok(report.requests >= 10_000, JSON.stringify(report));
      assert.ok(report.loadersKilled >= 1, JSON.stringify(report));
      assert.equal(report.serverAlive, true);
      assert.equal(report.validAfter, true);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  },
});
