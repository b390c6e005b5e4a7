/**
 * The supervisor of `--workers N`: it serves nothing itself. It starts N
 * serving worker processes that share the gRPC and HTTP ports
 * (`SO_REUSEPORT`), relays what must span them (the first Status
 * initialises the model on every worker; a Shutdown stops them all;
 * `/metrics` gathers every worker's counts; an operation asked `everywhere`
 * runs on every serving worker, one such operation at a time, and the
 * latest per key is applied again on a restarted worker; an operation asked
 * of the lead runs on worker 1; the group is ready when every worker is),
 * forwards SIGINT/SIGTERM so every worker drains within the grace period,
 * and restarts a worker that dies (logged; calls in flight on it fail with
 * the connection).
 *
 * @module
 */
import { asRuntimeError, type ErrorKind, RuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { type GroupOutcome, LEAD_WORKER, type WorkerMetrics } from "../core/serving_group.ts";
import {
  type Message,
  messageWriter,
  type Question,
  readMessages,
  WORKER_COUNT_ENV,
  WORKER_ENV,
} from "./worker_channel.ts";

/** The ports the workers share (0 at start: the first worker picks, the others follow). */
export interface WorkerPorts {
  /** gRPC port. */
  readonly port: number;
  /** HTTP port, or null when the server opens none. */
  readonly httpPort: number | null;
}

/** How to run worker number `worker` on `ports`. */
export type WorkerCommand = (worker: number, ports: WorkerPorts) => {
  readonly exec: string;
  readonly args: readonly string[];
};

/** How to supervise. */
export interface SupervisorOptions {
  /** How many workers. */
  readonly count: number;
  /** The command of each worker. */
  readonly command: WorkerCommand;
  /** The ports asked for. */
  readonly ports: WorkerPorts;
  /** Where to log. */
  readonly log: Logger;
  /** The drain grace period of each worker, in ms (a worker still there after it and 5 s more is killed). */
  readonly graceMs: number;
}

/** How long a question to a worker may take before it is answered without that worker. */
const ASK_TIMEOUT_MS = 5_000;
/** The same for initialising a model or running an operation (a large model takes a while to load). */
const INITIALIZE_TIMEOUT_MS = 300_000;
/** Margin after the grace period before a worker that has not exited is killed. */
const KILL_MARGIN_MS = 5_000;

/** What a worker answered: a value, or a failure with its kind. */
type Answered =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: ErrorKind; readonly message: string };

/** One worker process. */
interface Worker {
  readonly number: number;
  readonly child: Deno.ChildProcess;
  readonly send: (message: Message) => void;
  readonly pending: Map<number, (answer: Answered) => void>;
  readonly startedAt: number;
  /** It serves on the ports. */
  ready: boolean;
  /** It said it is ready here (its models ready, not draining). */
  readyHere: boolean;
  /** The operations applied everywhere before it served have been applied to it too. */
  caughtUp: boolean;
}

/**
 * The running workers. A class because it has a life cycle: `start` (resolves
 * once every worker serves), `stop`, `stopped`.
 */
export class WorkerSupervisor {
  /** Resolves once every worker has exited after a stop. */
  readonly stopped: Promise<void>;
  readonly #options: SupervisorOptions;
  readonly #workers = new Map<number, Worker>();
  readonly #reported = new Set<string>();
  readonly #initializing = new Map<string, Promise<void>>();
  /** The latest operation applied everywhere per key, oldest first (replayed on a restart). */
  readonly #applied = new Map<string, { readonly op: string; readonly payload: unknown }>();
  readonly #resolveStopped: () => void;
  #ports: WorkerPorts;
  #nextId = 1;
  #stopping = false;
  #failures = 0;
  #allReady = false;
  /** Operations everywhere and catching up run one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#ports = options.ports;
    let resolve!: () => void;
    this.stopped = new Promise((r) => resolve = r);
    this.#resolveStopped = resolve;
  }

  /** The ports the workers serve on. */
  get ports(): WorkerPorts {
    return this.#ports;
  }

  /** The process ids of the live workers, by worker number. */
  pids(): Map<number, number> {
    return new Map([...this.#workers].map(([number, worker]) => [number, worker.child.pid]));
  }

  /**
   * Starts the workers and resolves once all serve; a worker that exits
   * before it serves stops the others and rejects (the server cannot serve).
   */
  static async start(options: SupervisorOptions): Promise<WorkerSupervisor> {
    const supervisor = new WorkerSupervisor(options);
    const numbers = Array.from({ length: options.count }, (_, i) => i + 1);
    try {
      // A port 0 is picked by the first worker; the others then share it.
      const pick = options.ports.port === 0 || options.ports.httpPort === 0;
      if (pick) await supervisor.#spawn(1);
      await Promise.all(numbers.slice(pick ? 1 : 0).map((number) => supervisor.#spawn(number)));
    } catch (error) {
      supervisor.stop("SIGTERM");
      await supervisor.stopped;
      throw error;
    }
    return supervisor;
  }

  /** Asks every worker to drain (forwarding `signal`); idempotent, a second call forwards again. */
  stop(signal: Deno.Signal = "SIGTERM"): void {
    const first = !this.#stopping;
    this.#stopping = true;
    this.#updateReadiness();
    for (const worker of this.#workers.values()) {
      try {
        worker.child.kill(signal);
      } catch { /* already gone */ }
    }
    if (!first) return;
    const killer = setTimeout(() => {
      for (const worker of this.#workers.values()) {
        this.#options.log.warn("worker still running after the grace period: killing it", {
          worker: worker.number,
        });
        try {
          worker.child.kill("SIGKILL");
        } catch { /* already gone */ }
      }
    }, this.#options.graceMs + KILL_MARGIN_MS);
    this.stopped.then(() => clearTimeout(killer));
    if (this.#workers.size === 0) this.#resolveStopped();
  }

  /** Starts worker `number`; resolves once it serves, rejects if it exits before. */
  #spawn(number: number): Promise<void> {
    const { exec, args } = this.#options.command(number, this.#ports);
    const child = new Deno.Command(exec, {
      args: [...args],
      env: { [WORKER_ENV]: String(number), [WORKER_COUNT_ENV]: String(this.#options.count) },
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const worker: Worker = {
      number,
      child,
      send: messageWriter(child.stdin),
      pending: new Map(),
      startedAt: performance.now(),
      ready: false,
      readyHere: false,
      caughtUp: false,
    };
    this.#workers.set(number, worker);
    this.#options.log.info("worker started", { worker: number, pid: child.pid });
    const serving = Promise.withResolvers<void>();
    const out = Deno.stdout;
    const encoder = new TextEncoder();
    void readMessages(child.stdout, (message) => {
      if (message.t === "ready") {
        if (this.#ports.port === 0 || this.#ports.httpPort === 0) {
          this.#ports = { port: message.port, httpPort: message.httpPort ?? this.#ports.httpPort };
        }
        worker.ready = true;
        this.#failures = 0;
        serving.resolve();
        void this.#exclusive(() => this.#catchUp(worker));
      } else this.#onMessage(worker, message);
    }, (line) => void out.write(encoder.encode(`${line}\n`)).catch(() => {})).catch(() => {});
    void child.status.then((status) => {
      this.#workers.delete(number);
      const gone = `worker ${number} stopped before answering`;
      for (const answer of worker.pending.values()) {
        answer({ ok: false, kind: "not_ready", message: gone });
      }
      this.#updateReadiness();
      serving.reject(new Error(`worker ${number} exited before serving (code ${status.code})`));
      if (this.#stopping) {
        if (this.#workers.size === 0) this.#resolveStopped();
        return;
      }
      if (!worker.ready) return;
      this.#options.log.error("worker died: restarting it", {
        worker: number,
        pid: child.pid,
        code: status.code,
        signal: status.signal ?? undefined,
      });
      this.#restart(number);
    });
    serving.promise.catch(() => {});
    return serving.promise;
  }

  /** Restarts worker `number`, waiting longer after each failure in a row. */
  #restart(number: number): void {
    const wait = Math.min(100 * 2 ** this.#failures++, 5_000);
    setTimeout(() => {
      if (this.#stopping) return;
      this.#spawn(number).catch((error) => {
        if (this.#stopping) return;
        this.#options.log.error("worker failed to start: retrying", {
          worker: number,
          reason: (error as Error).message,
        });
        this.#restart(number);
      });
    }, wait);
  }

  /**
   * Applies to a worker that has just started serving what the others
   * serve: the operations applied everywhere (the latest per key, in order)
   * and the models a Status initialised; then it counts for readiness.
   */
  async #catchUp(worker: Worker): Promise<void> {
    for (const { op, payload } of this.#applied.values()) {
      const answer = await this.#askFor(worker, { kind: "op", op, payload });
      if (!answer.ok) {
        this.#options.log.warn("a restarted worker could not apply an operation", {
          worker: worker.number,
          op,
          reason: answer.message,
        });
      }
    }
    await Promise.all(
      [...this.#reported].map((model) => this.#ask(worker, { kind: "initialize", model })),
    );
    worker.caughtUp = true;
    this.#updateReadiness();
  }

  /** Tells every worker whether all are ready, when that changed. */
  #updateReadiness(): void {
    const workers = [...this.#workers.values()];
    const all = !this.#stopping && workers.length === this.#options.count &&
      workers.every((worker) => worker.ready && worker.caughtUp && worker.readyHere);
    if (all === this.#allReady) return;
    this.#allReady = all;
    for (const worker of workers) worker.send({ t: "group", ready: all });
  }

  #onMessage(worker: Worker, message: Message): void {
    if (message.t === "stop") {
      this.#options.log.info("shutdown requested: draining every worker", {
        worker: worker.number,
      });
      this.stop("SIGTERM");
    } else if (message.t === "state") {
      worker.readyHere = message.ready;
      this.#updateReadiness();
    } else if (message.t === "answer") {
      const answer = worker.pending.get(message.id);
      worker.pending.delete(message.id);
      answer?.(
        message.error === undefined
          ? { ok: true, value: message.value }
          : { ok: false, kind: message.kind ?? "internal", message: message.error },
      );
    } else if (message.t === "ask") {
      void this.#answer(message.q, worker).then((value) => {
        worker.send({ t: "answer", id: message.id, value });
      }, (error) => {
        const failure = asRuntimeError(error);
        worker.send({ t: "answer", id: message.id, error: failure.message, kind: failure.kind });
      });
    }
  }

  /** The answer to a worker's question. */
  async #answer(q: Question, from: Worker): Promise<unknown> {
    if (q.kind === "metrics") {
      const workers = [...this.#workers.values()].filter((worker) => worker.ready);
      const snapshots = await Promise.all(
        workers.map(async (worker) => ({
          worker: worker.number,
          metrics: await this.#ask(worker, { kind: "snapshot" }),
        })),
      );
      return snapshots.filter((each) => Array.isArray(each.metrics)) as WorkerMetrics[];
    }
    if (q.kind === "everywhere") {
      return await this.#exclusive(() => this.#everywhere(q.op, q.payload, q.key));
    }
    if (q.kind === "lead") {
      const lead = this.#workers.get(LEAD_WORKER);
      if (!lead?.ready) {
        throw new RuntimeError(
          "not_ready",
          `worker ${LEAD_WORKER}, which runs what must run once (training jobs), is starting; ` +
            "try again",
        );
      }
      const answer = await this.#askFor(lead, { kind: "op", op: q.op, payload: q.payload });
      if (answer.ok) return answer.value;
      throw new RuntimeError(answer.kind, answer.message);
    }
    if (q.kind !== "status") return undefined;
    const model = q.model;
    if (this.#reported.has(model)) return false;
    const under = this.#initializing.get(model);
    if (under) {
      await under;
      return false;
    }
    const others = [...this.#workers.values()].filter((worker) => worker !== from);
    const all = Promise.all(
      others.map((worker) => this.#ask(worker, { kind: "initialize", model })),
    )
      .then(() => void this.#reported.add(model))
      .finally(() => this.#initializing.delete(model));
    this.#initializing.set(model, all);
    await all;
    return true;
  }

  /**
   * Runs `op` on every worker that serves and has caught up; records it
   * under `key` (when any worker applied it) for workers that start later.
   */
  async #everywhere(op: string, payload: unknown, key?: string): Promise<GroupOutcome[]> {
    const workers = [...this.#workers.values()].filter((worker) => worker.ready && worker.caughtUp);
    const outcomes = await Promise.all(workers.map(async (worker): Promise<GroupOutcome> => {
      const answer = await this.#askFor(worker, { kind: "op", op, payload });
      return { worker: worker.number, ...answer };
    }));
    if (key !== undefined && outcomes.some((outcome) => outcome.ok)) {
      this.#applied.delete(key);
      this.#applied.set(key, { op, payload });
    }
    return outcomes.sort((a, b) => a.worker - b.worker);
  }

  /** Asks `worker`; resolves with its answer, or undefined if it fails, exits or times out. */
  async #ask(worker: Worker, q: Question): Promise<unknown> {
    const answer = await this.#askFor(worker, q);
    return answer.ok ? answer.value : undefined;
  }

  /** Asks `worker`; resolves with its answer or failure (also when it exits or times out). */
  #askFor(worker: Worker, q: Question): Promise<Answered> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const long = q.kind === "initialize" || q.kind === "op";
      const ms = long ? INITIALIZE_TIMEOUT_MS : ASK_TIMEOUT_MS;
      const timer = setTimeout(() => {
        worker.pending.delete(id);
        resolve({
          ok: false,
          kind: "timeout",
          message: `worker ${worker.number} did not answer within ${ms / 1000} s`,
        });
      }, ms);
      worker.pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      worker.send({ t: "do", id, q });
    });
  }

  /** Runs `work` after every operation queued before it. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => {});
    return result;
  }
}
