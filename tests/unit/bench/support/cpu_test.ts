/**
 * The load benchmark's CPU accounting: /proc stat parsing, CPU of this very
 * process, h2load's request log and the count of requests completed in a
 * window, and one real h2load run against the echo server that reports the
 * server's CPU per request. The h2load run is skipped (with a message) when
 * h2load is not installed, except under CI=true, where .ci/run installs it.
 */
import assert from "node:assert/strict";
import {
  CLOCK_TICKS_PER_SECOND,
  coreShare,
  cpuMicrosPerRequest,
  cpuSeconds,
  cpuWindow,
  markCpu,
  parseStatTicks,
  threadCpuSeconds,
} from "../../../../bench/support/cpu.ts";
import {
  completedBetween,
  hasH2load,
  readRequestLog,
  runH2load,
} from "../../../../bench/support/h2load.ts";
import { startEchoServer } from "../../../../bench/support/processes.ts";
import { grpcFrame, runRequestBytes } from "../../../../bench/support/wire.ts";

Deno.test("parseStatTicks adds utime and stime, whatever the command name holds", () => {
  // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime ...
  const line = "4242 (deno (x) y) S 1 2 3 0 -1 4194304 10 0 0 0 1234 56 7 8 20 0 5 0";
  assert.equal(parseStatTicks(line), 1234 + 56);
  assert.throws(() => parseStatTicks("garbage"));
});

Deno.test("this process's CPU seconds grow while it computes; its main thread's too", () => {
  assert.ok(CLOCK_TICKS_PER_SECOND > 0);
  const before = markCpu(Deno.pid);
  assert.ok(before.serverMainThread >= 0 && before.server > 0);
  assert.ok(Number.isNaN(before.loader));
  let spin = 0;
  const giveUp = performance.now() + 10_000;
  while (cpuSeconds(Deno.pid) <= before.server && performance.now() < giveUp) spin++;
  const after = markCpu(Deno.pid);
  assert.ok(after.server > before.server, `no CPU counted after ${spin} spins`);
  assert.ok(threadCpuSeconds(Deno.pid, Deno.pid) >= before.serverMainThread);
  assert.ok(after.wallMicros > before.wallMicros);
});

Deno.test("a window's CPU per request and cores are differences between two marks", () => {
  const start = { wallMicros: 1_000_000, server: 10, serverMainThread: 8, loader: 3 };
  const end = { wallMicros: 3_000_000, server: 11.5, serverMainThread: 9, loader: 3.5 };
  const window = cpuWindow(start, end, 10_000);
  assert.equal(window.seconds, 2);
  assert.equal(cpuMicrosPerRequest(window), 150);
  assert.equal(cpuMicrosPerRequest(window, "serverMainThread"), 100);
  assert.equal(coreShare(window), 0.75);
  assert.equal(coreShare(window, "loader"), 0.25);
  assert.ok(Number.isNaN(cpuMicrosPerRequest(cpuWindow(start, end, 0))));
});

Deno.test("h2load's request log: requests count in the window they completed in", () => {
  const log = readRequestLog(
    "1000\t200\t50\n" + // ends 1050
      "1010\t200\t100\n" + // ends 1110
      "1100\t200\t10\n" + // ends 1110
      "1200\t0\t500\n" + // ends 1700
      "\n",
  );
  assert.deepEqual([...log.starts], [1000, 1010, 1100, 1200]);
  assert.deepEqual([...log.durations], [50, 100, 10, 500]);
  assert.equal(completedBetween(log, 1000, 1100), 1);
  assert.equal(completedBetween(log, 1100, 1111), 2);
  assert.equal(completedBetween(log, 0, 2000), 4);
  assert.equal(completedBetween(log, 1700, 1800), 1);
});

const h2loadMissing = !(await hasH2load());
const skip = h2loadMissing && Deno.env.get("CI") !== "true";
if (skip) console.log("SKIPPED h2load CPU window: h2load is not installed (nghttp2-client)");

Deno.test({
  name: "an h2load run against the echo server reports the server's CPU per request",
  ignore: skip,
  fn: async () => {
    assert.ok(!h2loadMissing, "h2load is missing: .ci/run installs nghttp2-client");
    const echo = await startEchoServer();
    try {
      const result = await runH2load({
        port: echo.port,
        path: "/ModzyModel/Run",
        frame: grpcFrame(runRequestBytes(1)),
        connections: 2,
        streams: 4,
        seconds: 1,
        warmupSeconds: 1,
        serverPid: echo.pid,
      });
      assert.ok(result.succeeded > 0);
      const cpu = result.cpu;
      assert.ok(cpu, "no CPU window");
      assert.ok(cpu.requests > 0 && cpu.requests <= result.succeeded, JSON.stringify(cpu));
      assert.ok(cpu.seconds > 0 && cpu.seconds < 1, JSON.stringify(cpu));
      assert.ok(cpu.server >= 0 && cpu.serverMainThread >= 0, JSON.stringify(cpu));
      assert.ok(Number.isFinite(cpu.loader));
      assert.ok(Number.isFinite(cpuMicrosPerRequest(cpu)));
    } finally {
      await echo.stop();
    }
  },
});
