/**
 * `--workers N`: N serving worker processes share the gRPC and HTTP ports
 * and answer as one server — requests spread over the workers, /metrics
 * sums them exactly (process figures per worker plus a total), the first
 * Status initialises the model on every worker, SIGTERM drains every worker
 * with calls in flight, and a killed worker is restarted while the others
 * keep serving.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { startServerProcess } from "./support/server_process.ts";
import { checkHealth, type ServingStatus } from "../runtime/client/health_client.ts";

const IRIS_ITEM = { "input.json": new TextEncoder().encode(JSON.stringify([5.1, 3.5, 1.4, 0.2])) };

/** A client on its own connection (grpc-js otherwise shares one between clients). */
function freshClient(target: string): ModzyClient {
  return new ModzyClient(target, grpc.credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
}

/** The HTTP port a worker server logged (`serving ... http_port=N`). */
function httpPortOf(log: string): number {
  const match = log.match(/ serving port=\d+ http_port=(\d+)/);
  assert.ok(match, log);
  return Number(match[1]);
}

/** The value of the sample `line` starts with in a Prometheus text. */
function sample(text: string, line: string): number {
  const found = text.split("\n").find((each) => each.startsWith(`${line} `));
  assert.ok(found, `no sample ${line} in\n${text}`);
  return Number(found.slice(line.length + 1));
}

/** Each worker's count of lines matching `pattern` in `log`. */
function linesByWorker(log: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of log.split("\n")) {
    const worker = line.match(/ worker=(\d+)/)?.[1];
    if (worker && pattern.test(line)) counts.set(worker, (counts.get(worker) ?? 0) + 1);
  }
  return counts;
}

/** The whole server's health (grpc.health.v1 "") and OIP readiness, each on a fresh connection. */
async function probe(target: string, httpPort: number): Promise<[ServingStatus, number]> {
  const fresh = {
    credentials: grpc.credentials.createInsecure(),
    options: { "grpc.use_local_subchannel_pool": 1 },
  };
  const ready = await fetch(`http://127.0.0.1:${httpPort}/v2/health/ready`);
  await ready.body?.cancel();
  return [await checkHealth(target, "", 5_000, fresh), ready.status];
}

async function until(
  condition: () => boolean | Promise<boolean>,
  what: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!await condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test("two workers share both ports: requests spread, /metrics sums them exactly", async () => {
  await using server = await startServerProcess({
    extraArgs: ["--workers", "2", "--log-level", "debug"],
  });
  const calls = 24;
  const clients = Array.from({ length: calls }, () => freshClient(server.target));
  try {
    const answers = await Promise.all(clients.map((client) => client.run([IRIS_ITEM, IRIS_ITEM])));
    assert.ok(answers.every((answer) => answer.outputs.every((item) => item.success)));
  } finally {
    for (const client of clients) client.close();
  }
  const log = await server.logText();
  const runs = linesByWorker(log, / request .*operation=run/);
  assert.equal(runs.size, 2, `both workers answered: ${JSON.stringify([...runs])}`);
  assert.equal([...runs.values()].reduce((a, b) => a + b, 0), calls);
  // Every scrape, whichever worker answers it, sums both.
  for (let i = 0; i < 4; i++) {
    const text = await (await fetch(`http://127.0.0.1:${httpPortOf(log)}/metrics`)).text();
    const labels = 'door="modzy",model="iris-classifier"';
    assert.equal(sample(text, `model_runtime_requests_total{${labels},operation="run"}`), calls);
    assert.equal(sample(text, `model_runtime_items_total{${labels}}`), 2 * calls);
    assert.equal(
      sample(
        text,
        `model_runtime_request_duration_seconds_count{${labels},operation="run"}`,
      ),
      calls,
    );
    const rss = [1, 2].map((w) => sample(text, `process_resident_memory_bytes{worker="${w}"}`));
    assert.ok(rss.every((bytes) => bytes > 0));
    assert.equal(sample(text, 'process_resident_memory_bytes{worker="total"}'), rss[0] + rss[1]);
    assert.equal(sample(text, "model_runtime_models_loaded"), 1);
  }
});

Deno.test("with --lazy the first Status, on any worker, initialises the model on every worker", async () => {
  await using server = await startServerProcess({ lazy: true, extraArgs: ["--workers", "2"] });
  const first = freshClient(server.target);
  const later = Array.from({ length: 12 }, () => freshClient(server.target));
  try {
    assert.equal((await first.status()).message, "Model Initialized Successfully.");
    const initialized = linesByWorker(await server.logText(), / model initialized /);
    assert.deepEqual([...initialized.keys()].sort(), ["1", "2"]);
    const answers = await Promise.all(later.map((client) => client.status()));
    for (const answer of answers) assert.equal(answer.message, "Model Already Initialized.");
    assert.equal((await first.status()).message, "Model Already Initialized.");
  } finally {
    for (const client of [first, ...later]) client.close();
  }
});

Deno.test("SIGTERM drains every worker: calls in flight settle, the server exits 0", async () => {
  await using server = await startServerProcess({ extraArgs: ["--workers", "2"] });
  const clients = Array.from({ length: 8 }, () => freshClient(server.target));
  let answered = 0;
  const outcomes = clients.flatMap((client) =>
    Array.from(
      { length: 40 },
      () =>
        client.run(Array(8).fill(IRIS_ITEM), {}, { timeoutMs: 20_000 }).then(
          (answer) => {
            answered++;
            return answer.outputs.every((item) => item.success) ? "ok" : "failed items";
          },
          (error: grpc.ServiceError) => `code ${error.code}`,
        ),
    )
  );
  await until(() => answered >= 20, () => "the first answers");
  server.kill("SIGTERM");
  const settled = await Promise.all(outcomes);
  for (const client of clients) client.close();
  const code = await server.waitForExit(15_000);
  assert.equal(code, 0, server.currentLog());
  // Each call either finished or was refused as unavailable; none hung or failed otherwise.
  const kinds = new Set(settled);
  for (const kind of kinds) {
    assert.ok(["ok", `code ${grpc.status.UNAVAILABLE}`].includes(kind), kind);
  }
  assert.ok(settled.filter((kind) => kind === "ok").length >= 20);
  const log = await server.logText();
  assert.deepEqual([...linesByWorker(log, / stopped/).keys()].sort(), ["1", "2"]);
});

Deno.test("a killed worker is restarted and logged; the server keeps answering", async () => {
  await using server = await startServerProcess({ extraArgs: ["--workers", "2"] });
  const pid = Number((await server.logText()).match(/worker started worker=2 pid=(\d+)/)?.[1]);
  assert.ok(pid > 0);
  Deno.kill(pid, "SIGKILL");
  await until(
    () => /worker died: restarting it worker=2/.test(server.currentLog()),
    () => `the restart\n${server.currentLog()}`,
  );
  await until(
    () => (server.currentLog().match(/ serving worker=2 /g) ?? []).length === 2,
    () => `the new worker 2 serving\n${server.currentLog()}`,
  );
  const clients = Array.from({ length: 16 }, () => freshClient(server.target));
  try {
    const answers = await Promise.all(clients.map((client) => client.run([IRIS_ITEM])));
    assert.ok(answers.every((answer) => answer.outputs[0].success));
    const status = await clients[0].status();
    assert.equal(status.status_code, 200);
  } finally {
    for (const client of clients) client.close();
  }
});

Deno.test("health and readiness answer for the whole server: SERVING only while every worker is ready", async () => {
  await using server = await startServerProcess({ lazy: true, extraArgs: ["--workers", "2"] });
  const http = httpPortOf(await server.logText());
  // Lazy: no worker is ready before the first Status.
  assert.deepEqual(await probe(server.target, http), ["NOT_SERVING", 503]);
  const client = freshClient(server.target);
  try {
    assert.equal((await client.status()).message, "Model Initialized Successfully.");
  } finally {
    client.close();
  }
  let last: [ServingStatus, number] = ["UNKNOWN", 0];
  await until(async () => {
    last = await probe(server.target, http);
    return last[0] === "SERVING";
  }, () => `SERVING: ${last}`);
  for (let i = 0; i < 8; i++) assert.deepEqual(await probe(server.target, http), ["SERVING", 200]);
  // While worker 2 is dead and then starting again, the server is not ready.
  const pid = Number((await server.logText()).match(/worker started worker=2 pid=(\d+)/)?.[1]);
  Deno.kill(pid, "SIGKILL");
  const seen = new Set<string>();
  await until(async () => {
    // A connection the dying worker had accepted is reset: try again.
    const answer = await probe(server.target, http).catch(() => null);
    if (answer === null) return false;
    seen.add(answer.join(" "));
    return seen.has("NOT_SERVING 503") && answer[0] === "SERVING";
  }, () => `NOT_SERVING then SERVING again: ${[...seen]}\n${server.currentLog()}`);
  assert.equal((server.currentLog().match(/ serving worker=2 /g) ?? []).length, 2);
  for (let i = 0; i < 8; i++) assert.deepEqual(await probe(server.target, http), ["SERVING", 200]);
});
