/**
 * A stand-in serving worker for the worker supervisor's tests: it joins the
 * group through the real link (runtime/workers/worker_link.ts) but serves
 * no model. Its operations keep named values (`set`, failing on the worker
 * a payload names; `get`; `whoami`), and a small HTTP control port, written
 * to `<dir>/worker-<k>.port`, lets the test ask through it: `/everywhere`,
 * `/lead`, `/ready` (report readiness) and `/all` (the group's answer).
 *
 * Run as `deno run -A group_worker.ts <dir>` with MODEL_RUNTIME_WORKER_NUMBER set.
 *
 * @module
 */
import { join } from "node:path";
import { asRuntimeError, RuntimeError } from "../../runtime/base/errors.ts";
import { joinWorkerGroup } from "../../runtime/workers/worker_link.ts";
import { WORKER_ENV } from "../../runtime/workers/worker_channel.ts";

const worker = Number(Deno.env.get(WORKER_ENV));
const dir = Deno.args[0];
const link = joinWorkerGroup(worker);
const values = new Map<string, unknown>();

interface SetPayload {
  readonly name: string;
  readonly value: unknown;
  readonly failOn?: number;
}

link.group.handle("set", (payload) => {
  const { name, value, failOn } = payload as SetPayload;
  if (failOn === worker || failOn === 0) {
    return Promise.reject(new RuntimeError("bad_request", `worker ${worker} refuses ${name}`));
  }
  values.set(name, value);
  return Promise.resolve(worker);
});
link.group.handle("get", (payload) => {
  return Promise.resolve(values.get((payload as { name: string }).name) ?? null);
});
link.group.handle("whoami", () => Promise.resolve(worker));

const json = (value: unknown) => Response.json(value);
const server = Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen: () => {} },
  async (request) => {
    const path = new URL(request.url).pathname;
    const body = request.method === "POST" ? await request.json() : {};
    try {
      if (path === "/everywhere") {
        return json(await link.group.everywhere(body.op, body.payload, body.key));
      }
      if (path === "/lead") return json({ value: await link.group.onLead(body.op, body.payload) });
      if (path === "/ready") {
        link.group.reportReady(body.ready);
        return json({});
      }
      if (path === "/all") return json({ all: link.group.allReady() });
      return new Response("not found", { status: 404 });
    } catch (error) {
      const failure = asRuntimeError(error);
      return json({ error: failure.message, kind: failure.kind });
    }
  },
);
await Deno.writeTextFile(join(dir, `worker-${worker}.port`), String(server.addr.port));
const stop = () => void server.shutdown().then(() => Deno.exit(0));
Deno.addSignalListener("SIGTERM", stop);
link.serve({ snapshot: () => Promise.resolve([]), initialize: () => Promise.resolve() }, stop);
link.ready(1, null);
