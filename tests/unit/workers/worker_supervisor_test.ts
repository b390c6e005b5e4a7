/**
 * The worker supervisor with stand-in workers (tests/support/group_worker.ts,
 * joined through the real link): an operation asked everywhere runs on
 * every worker and reports each worker's outcome, failures with their kind;
 * an operation asked of the lead runs on worker 1 whichever worker asks;
 * a restarted worker catches up with the latest operation per key; the
 * group is ready only while every worker says it is ready.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../../../runtime/base/log.ts";
import { WorkerSupervisor } from "../../../runtime/workers/worker_supervisor.ts";

const GROUP_WORKER = join(import.meta.dirname!, "..", "..", "support", "group_worker.ts");

interface Group extends AsyncDisposable {
  readonly supervisor: WorkerSupervisor;
  /** Posts `body` to `path` of worker `worker`'s control port. */
  post(worker: number, path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Whether worker `worker` hears that every worker is ready. */
  allReady(worker: number): Promise<boolean>;
}

async function startGroup(count: number): Promise<Group> {
  const dir = await Deno.makeTempDir({ prefix: "group_workers_" });
  const supervisor = await WorkerSupervisor.start({
    count,
    command: () => ({ exec: Deno.execPath(), args: ["run", "-A", GROUP_WORKER, dir] }),
    ports: { port: 1, httpPort: null },
    log: createLogger("silent"),
    graceMs: 1_000,
  });
  const portOf = async (worker: number) =>
    Number(await Deno.readTextFile(join(dir, `worker-${worker}.port`)));
  const post = async (worker: number, path: string, body: unknown = {}) => {
    const response = await fetch(`http://127.0.0.1:${await portOf(worker)}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    return await response.json();
  };
  return {
    supervisor,
    post,
    allReady: async (worker) => (await post(worker, "/all")).all === true,
    [Symbol.asyncDispose]: async () => {
      supervisor.stop("SIGTERM");
      await supervisor.stopped;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!await condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

Deno.test("everywhere: every worker runs the operation; failures come back with their kind", async () => {
  await using group = await startGroup(3);
  const done = await group.post(2, "/everywhere", {
    op: "set",
    payload: { name: "a", value: 7 },
    key: "a",
  });
  assert.deepEqual(done, [1, 2, 3].map((worker) => ({ worker, ok: true, value: worker })));
  const read = await group.post(3, "/everywhere", { op: "get", payload: { name: "a" } });
  assert.deepEqual((read as unknown as { value: unknown }[]).map((each) => each.value), [7, 7, 7]);
  const partial = await group.post(1, "/everywhere", {
    op: "set",
    payload: { name: "b", value: 1, failOn: 3 },
  }) as unknown as Record<string, unknown>[];
  assert.deepEqual(partial[2], {
    worker: 3,
    ok: false,
    kind: "bad_request",
    message: "worker 3 refuses b",
  });
  assert.equal(partial[0].ok, true);
  const unknown = await group.post(1, "/everywhere", { op: "nothing", payload: null });
  assert.equal((unknown as unknown as { kind: string }[])[0].kind, "internal");
});

Deno.test("lead: an operation asked on any worker runs on worker 1; its failure keeps its kind", async () => {
  await using group = await startGroup(2);
  for (const worker of [1, 2]) {
    assert.deepEqual(await group.post(worker, "/lead", { op: "whoami", payload: null }), {
      value: 1,
    });
  }
  assert.deepEqual(
    await group.post(2, "/lead", { op: "set", payload: { name: "x", value: 1, failOn: 1 } }),
    { error: "worker 1 refuses x", kind: "bad_request" },
  );
});

Deno.test("a restarted worker catches up: the latest operation per key, in order", async () => {
  await using group = await startGroup(2);
  await group.post(1, "/everywhere", { op: "set", payload: { name: "m", value: 1 }, key: "m" });
  await group.post(1, "/everywhere", { op: "set", payload: { name: "n", value: 2 }, key: "n" });
  await group.post(2, "/everywhere", { op: "set", payload: { name: "m", value: 3 }, key: "m" });
  // Refused everywhere: nothing changed, nothing to replay.
  await group.post(2, "/everywhere", {
    op: "set",
    payload: { name: "n", value: 9, failOn: 0 },
    key: "n",
  });
  const before = group.supervisor.pids().get(2)!;
  Deno.kill(before, "SIGKILL");
  await until(async () => {
    const pid = group.supervisor.pids().get(2);
    if (pid === undefined || pid === before) return false;
    try {
      const outcomes = await group.post(2, "/everywhere", { op: "whoami", payload: null });
      return (outcomes as unknown as unknown[]).length === 2;
    } catch {
      return false;
    }
  }, "worker 2 restarted and caught up");
  const values = await Promise.all(
    ["m", "n"].map(async (name) =>
      (await group.post(2, "/everywhere", { op: "get", payload: { name } }) as unknown as {
        value: unknown;
      }[]).map((outcome) => outcome.value)
    ),
  );
  assert.deepEqual(values, [[3, 3], [2, 2]]);
});

Deno.test("the group is ready only while every worker says it is ready", async () => {
  await using group = await startGroup(2);
  assert.equal(await group.allReady(1), false);
  await group.post(1, "/ready", { ready: true });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await group.allReady(1), false, "worker 2 has not said it is ready");
  await group.post(2, "/ready", { ready: true });
  await until(async () => await group.allReady(1) && await group.allReady(2), "both ready");
  await group.post(2, "/ready", { ready: false });
  await until(async () => !await group.allReady(1), "worker 1 hears worker 2 is not ready");
  await group.post(2, "/ready", { ready: true });
  await until(() => group.allReady(1), "ready again");
  // A worker that dies makes the group not ready until its successor is.
  const pid = group.supervisor.pids().get(2)!;
  Deno.kill(pid, "SIGKILL");
  await until(async () => !await group.allReady(1), "not ready while worker 2 restarts");
  await until(async () => {
    const now = group.supervisor.pids().get(2);
    if (now === undefined || now === pid) return false;
    try {
      await group.post(2, "/ready", { ready: true });
      return await group.allReady(1);
    } catch {
      return false;
    }
  }, "ready with the new worker 2");
});
