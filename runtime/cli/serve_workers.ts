/**
 * `--serve --workers N` (N > 1): this process supervises N serving worker
 * processes (runtime/workers/) and serves nothing itself. Each worker is
 * this program again with the same flags, `--workers 1` and the ports
 * fixed, marked as worker number k by the environment, and runs with the
 * permissions `deno task serve` would grant a single server (never
 * `--allow-run`). SIGINT and SIGTERM are forwarded: every worker drains
 * within `--grace`; a second signal makes them exit at once.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { projectPath } from "../base/assets.ts";
import { type WorkerCommand, WorkerSupervisor } from "../workers/worker_supervisor.ts";
import type { ServeOptions } from "./flags/serve_flags.ts";
import { servePlan } from "./serve_permissions.ts";
import { availableCpus } from "../workers/available_cpus.ts";
import { WORKER_COUNT_ENV } from "../workers/worker_channel.ts";

/**
 * A worker's share of the CPUs for onnxruntime's intra-op threads: the CPUs
 * available divided by the workers (at least 1). `MODEL_RUNTIME_INTRA_OP_THREADS`
 * overrides it (0: onnxruntime decides); a bundle's own setting wins over both.
 */
export function intraOpShare(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): number {
  const override = env(INTRA_OP_ENV);
  if (override !== undefined && /^\d+$/.test(override)) return Number(override);
  const workers = Number(env(WORKER_COUNT_ENV)) || 1;
  return Math.max(1, Math.floor(availableCpus() / workers));
}

/** The environment variable overriding a worker's intra-op threads. */
export const INTRA_OP_ENV = "MODEL_RUNTIME_INTRA_OP_THREADS";

/** How to start worker `worker` on `ports`: this program with `args` (its own flags). */
export function workerCommand(args: readonly string[]): WorkerCommand {
  return (_worker, ports) => {
    const serveArgs = [
      ...args.filter((arg) => arg !== "--serve"),
      "--workers",
      "1",
      "--port",
      `${ports.port}`,
      ...(ports.httpPort === null ? [] : ["--http-port", `${ports.httpPort}`]),
    ];
    // A compiled executable carries its permissions and flags.
    if (Deno.build.standalone) return { exec: Deno.execPath(), args: ["--serve", ...serveArgs] };
    const plan = servePlan(serveArgs);
    return {
      exec: Deno.execPath(),
      args: [
        "run",
        // Deno.serve shares a port (reusePort) only with --unstable-net.
        "--unstable-net",
        ...plan.permissions,
        `--config=${projectPath("deno.json")}`,
        projectPath("main.ts"),
        ...plan.programArgs,
      ],
    };
  };
}

/** Supervises `count` workers until they have all stopped; returns the exit code. */
export async function serveWorkers(
  options: ServeOptions,
  count: number,
  log: Logger,
): Promise<number> {
  let supervisor: WorkerSupervisor | null = null;
  let stopSignal: Deno.Signal | null = null;
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const listeners = signals.map((signal) => {
    const listener = () => {
      if (stopSignal === null) log.info(`${signal} received: draining every worker`);
      stopSignal = signal;
      supervisor?.stop(signal);
    };
    Deno.addSignalListener(signal, listener);
    return { signal, listener };
  });
  try {
    supervisor = await WorkerSupervisor.start({
      count,
      command: workerCommand(Deno.args),
      ports: { port: options.port, httpPort: options.httpPort },
      log,
      graceMs: options.graceMs,
    });
    log.info("serving", {
      port: supervisor.ports.port,
      http_port: supervisor.ports.httpPort ?? undefined,
      workers: count,
    });
    if (stopSignal) supervisor.stop(stopSignal);
    await supervisor.stopped;
    log.info("stopped");
    return 0;
  } catch (error) {
    log.error(`cannot serve: ${asRuntimeError(error).message}`);
    return 1;
  } finally {
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  }
}
