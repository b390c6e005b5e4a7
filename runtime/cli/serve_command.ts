/**
 * `--serve`: load the bundle, start the server; on SIGINT/SIGTERM or the
 * Shutdown RPC drain (health NOT_SERVING, stop accepting, let calls in flight
 * finish within `--grace`) and exit 0; a second signal exits at once.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import type { ModelServer } from "../server/model_server.ts";
import { serveModel } from "../server/serve_model.ts";
import { readTlsMaterial } from "../base/tls.ts";
import type { ServeOptions } from "./flags/serve_flags.ts";
import { CAIKIT_PROTOCOL, type CaikitSettings } from "../protocols/caikit/caikit_settings.ts";
import { sharedMetrics } from "../metrics/shared_metrics.ts";
import { defaultWorkerCount } from "../workers/available_cpus.ts";
import { WORKER_ENV } from "../workers/worker_channel.ts";
import type { WorkerLink } from "../workers/worker_link.ts";
import { setIntraOpThreadsDefault } from "../backends/onnx/session.ts";

/**
 * Whether this process may start workers (run the Deno executable). The
 * default worker count applies only then; the single executable and the
 * container image, built without `--allow-run`, serve as one process.
 */
function mayStartWorkers(): boolean {
  try {
    return Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state ===
      "granted";
  } catch {
    return false;
  }
}

/** This process's worker number when it is a serving worker of `--workers N`, else null. */
function workerNumber(): number | null {
  const text = Deno.env.get(WORKER_ENV);
  const number = Number(text);
  return text && Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** A repeat of the same signal sooner than this is a duplicate delivery, not a second signal. */
const DUPLICATE_SIGNAL_MS = 300;

/**
 * How long the optional services (OIP, repository, reflection, HTTP) wait,
 * once the models are loaded, for the first Modzy Status to be answered
 * before loading anyway: a client that connected at start gets its Status
 * before they are loaded (see the server option `firstStatusWaitMs`).
 */
const FIRST_STATUS_WAIT_MS = 200;

/** Exit code of a second signal during a drain: 128 + the signal number. */
const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Serves until stopped; returns the exit code. Signal handlers are in place
 * before the server starts, so a SIGTERM that arrives while models load is a
 * stop request honoured as soon as the server is up, never a killed process.
 */
export async function serveCommand(options: ServeOptions, rootLog: Logger): Promise<number> {
  const worker = workerNumber();
  // The code of serving workers (supervisor, link) is imported only by the
  // processes that need it: a single server does not evaluate it before its first answer.
  if (worker === null) {
    const count = options.workers ?? (mayStartWorkers() ? defaultWorkerCount() : 1);
    if (count > 1) {
      const { serveWorkers } = await import("./serve_workers.ts");
      return await serveWorkers(options, count, rootLog);
    }
  }
  let log = rootLog;
  let link: WorkerLink | null = null;
  if (worker !== null) {
    const [{ workerLogger }, { joinWorkerGroup }, { intraOpShare }] = await Promise.all([
      import("../workers/worker_log.ts"),
      import("../workers/worker_link.ts"),
      import("./serve_workers.ts"),
    ]);
    log = workerLogger(rootLog, worker);
    link = joinWorkerGroup(worker);
    // Each worker's share of the CPUs for onnxruntime's intra-op threads.
    setIntraOpThreadsDefault(intraOpShare());
  }
  let server: ModelServer | null = null;
  let stopRequested = false;
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  let first: { signal: Deno.Signal; at: number } | null = null;
  const listeners = signals.map((signal) => {
    const listener = () => {
      // The same signal twice within a moment is one request delivered twice
      // (Ctrl-C reaches both `deno task serve`'s launcher, which forwards it, and us).
      if (first?.signal === signal && performance.now() - first.at < DUPLICATE_SIGNAL_MS) return;
      // A drain is under way (from a signal or the Shutdown RPC): exit now.
      if (stopRequested || server?.dataPlane.draining) {
        log.warn(`second ${signal} during the drain: exiting at once`);
        Deno.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
      }
      first ??= { signal, at: performance.now() };
      stopRequested = true;
      log.info(`${signal} received: draining`, { graceMs: options.graceMs });
      void server?.stop();
    };
    Deno.addSignalListener(signal, listener);
    return { signal, listener };
  });
  const removeListeners = () => {
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  };
  try {
    server = await serveModel({
      bundle: options.bundle,
      port: options.port,
      lazy: options.lazy,
      log,
      batching: { enabled: options.batching, maxWaitMs: options.batchWaitMs },
      httpPort: options.httpPort,
      models: options.models,
      trainingDir: options.trainingDir,
      tls: readTlsMaterial(
        { cert: options.tlsCert, key: options.tlsKey, ca: options.tlsCa },
        true,
      ),
      access: {
        adminEnabled: !options.noAdmin,
        adminToken: options.adminToken,
        token: options.token,
      },
      graceMs: options.graceMs,
      maxMessageBytes: options.maxMessageBytes,
      limits: {
        maxConcurrentRequests: options.maxConcurrentRequests,
        maxQueuedRequests: options.maxQueuedRequests,
      },
      firstStatusWaitMs: FIRST_STATUS_WAIT_MS,
      protocolSettings: { [CAIKIT_PROTOCOL]: caikitSettingsOf(options) },
      reusePort: link !== null,
      group: link?.group,
    });
  } catch (error) {
    removeListeners();
    log.error(`cannot serve: ${asRuntimeError(error).message}`);
    return 1;
  }
  if (link) {
    const serving = server;
    sharedMetrics.gatherWith(() => link.group.gatherMetrics());
    link.serve({
      snapshot: () => sharedMetrics.snapshot(),
      initialize: async (model) => {
        const registry = serving.dataPlane.registry;
        if (!registry.has(model)) return;
        await registry.get(model).host.initialize();
        // A lazy model now ready here: readiness changed (the group hears it).
        registry.notify();
      },
    }, () => void serving.stop());
    link.ready(serving.port, serving.http?.port ?? null);
  }
  // A signal that arrived while the models were loading.
  if (stopRequested) void server.stop();
  await server.stopped;
  removeListeners();
  return 0;
}

/**
 * The Caikit door's settings from serve's Caikit flags (checked by the
 * rules of caikit_settings.ts when parsed); unset ones are left out.
 */
export function caikitSettingsOf(options: ServeOptions): CaikitSettings {
  return {
    ...(options.caikitLibrary === undefined ? {} : { library: options.caikitLibrary }),
    ...(options.caikitDomain === undefined ? {} : { domain: options.caikitDomain }),
    ...(options.caikitPackage === undefined ? {} : { package: options.caikitPackage }),
    version: options.caikitVersion,
    replaceServed: options.caikitReplaceServed,
  };
}
