/**
 * Child processes of the load benchmark: the real server (`deno run main.ts
 * --serve` with this Deno executable, warm module cache, no npx) and the echo
 * server; waiting until they answer, their resident memory, and stopping them.
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { grpcObject } from "../../runtime/protocols/wire/proto_loader.ts";
import { MODZY_PROTO, MODZY_SERVICE } from "../../runtime/protocols/modzy/modzy_service.ts";
import { projectPath } from "../../runtime/base/assets.ts";

/** The permissions `deno task serve` grants. */
export const SERVE_PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  "--allow-ffi",
  "--allow-sys",
];

/** A benchmark child process. */
export interface BenchProcess {
  /** Its gRPC port on 127.0.0.1. */
  readonly port: number;
  /** Its process id. */
  readonly pid: number;
  /** Milliseconds from spawn to the first Status 200. */
  readonly readyMs: number;
  /** Resident set size now, in MiB. */
  rssMiB(): number;
  /** Ends it (SIGTERM, then SIGKILL) and waits for the exit. */
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Resident set size of process `pid` in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * The checkout whose main.ts is served: this one, or BENCH_SERVER_ROOT (for
 * measuring an older commit with the same harness).
 */
export function serverRoot(): string {
  return Deno.env.get("BENCH_SERVER_ROOT") ?? projectPath();
}

/** Arguments of `deno run main.ts --serve` of the checkout `root` on `port` with `extra` flags. */
export function serverArgs(
  port: number,
  extra: readonly string[] = [],
  root: string = serverRoot(),
): string[] {
  return [
    "run",
    ...SERVE_PERMISSIONS,
    `--config=${root}/deno.json`,
    `${root}/main.ts`,
    "--serve",
    "--port",
    String(port),
    "--http-port",
    String(freePort()),
    "--log-level",
    "warn",
    ...extra,
  ];
}

/** Starts the real server (of checkout `root`) with `extra` flags and waits for Status 200. */
export function startServer(
  extra: readonly string[] = [],
  root: string = serverRoot(),
): Promise<BenchProcess> {
  const port = freePort();
  return startProcess(serverArgs(port, extra, root), port);
}

/** Starts the echo server (bench/echo_server.ts) and waits for Status 200. */
export function startEchoServer(): Promise<BenchProcess> {
  const port = freePort();
  const args = [
    "run",
    ...SERVE_PERMISSIONS,
    `--config=${projectPath("deno.json")}`,
    projectPath("bench", "echo_server.ts"),
    String(port),
  ];
  return startProcess(args, port);
}

/** Spawns `deno <args>` and resolves once a Status on `port` answers 200. */
export async function startProcess(args: readonly string[], port: number): Promise<BenchProcess> {
  const cwd = Deno.makeTempDirSync({ prefix: "bench_cwd_" });
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  try {
    await waitForStatus200(port, () => exited, 60_000);
  } catch (error) {
    if (!exited) child.kill("SIGKILL");
    await status;
    throw error;
  }
  const readyMs = performance.now() - started;
  return {
    port,
    pid: child.pid,
    readyMs,
    rssMiB: () => rssMiB(child.pid),
    async stop() {
      if (!exited) child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, 3000);
      await status;
      clearTimeout(timer);
      Deno.removeSync(cwd, { recursive: true });
    },
  };
}

/**
 * Polls until the port accepts a connection, then asks Status until it
 * answers 200. Throws when `gone()` turns true or after `timeoutMs`.
 */
export async function waitForStatus200(
  port: number,
  gone: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const fail = (why: string) => {
    throw new Error(`server on port ${port} ${why}`);
  };
  while (true) {
    if (gone()) fail("exited before answering");
    if (performance.now() > deadline) fail("did not start in time");
    try {
      const connection = await Deno.connect({ hostname: "127.0.0.1", port });
      connection.close();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  const client = modzyClient(port);
  try {
    while (true) {
      if (gone()) fail("exited before answering");
      if (performance.now() > deadline) fail("never answered Status 200");
      const answer = await unary(client, "Status", {}).catch(() => null) as
        | { status_code?: number }
        | null;
      if (answer?.status_code === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    client.close();
  }
}

/** A grpc-js client of the Modzy service on 127.0.0.1:`port`. */
export function modzyClient(port: number): grpc.Client {
  const service = grpcObject(MODZY_PROTO)[MODZY_SERVICE] as grpc.ServiceClientConstructor;
  return new service(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.initial_reconnect_backoff_ms": 5,
    "grpc.max_reconnect_backoff_ms": 50,
  });
}

/** Calls unary `method` of `client` with a 10 s deadline. */
export function unary(client: grpc.Client, method: string, request: unknown): Promise<unknown> {
  type Unary = (
    request: unknown,
    options: grpc.CallOptions,
    callback: (error: Error | null, answer: unknown) => void,
  ) => grpc.ClientUnaryCall;
  const fn = (client as unknown as Record<string, Unary>)[method];
  return new Promise((resolve, reject) => {
    fn.call(
      client,
      request,
      { deadline: Date.now() + 10_000 },
      (error, answer) => error ? reject(error) : resolve(answer),
    );
  });
}
