/**
 * A serving worker's end of the channel to its supervisor: the
 * {@link ServingGroup} its server uses (Status, Shutdown, /metrics,
 * operations on every worker or on the lead, readiness span the group),
 * the answers to the supervisor's questions (its metrics; initialise a
 * model; run an operation by the handler set for it), `ready` once it
 * serves, and the end of the channel (the supervisor gone) as a request to
 * stop.
 *
 * @module
 */
import { asRuntimeError, type ErrorKind, RuntimeError } from "../base/errors.ts";
import {
  type GroupHandler,
  type GroupOutcome,
  LEAD_WORKER,
  type ServingGroup,
  type WorkerMetrics,
} from "../core/serving_group.ts";
import { type Message, messageWriter, type Question, readMessages } from "./worker_channel.ts";

/** What the worker answers when the supervisor asks. */
export interface WorkerAnswers {
  /** This worker's metrics as prom-client JSON. */
  snapshot(): Promise<unknown[]>;
  /** Initialises `model` here (the first Status, answered by another worker). */
  initialize(model: string): Promise<void>;
}

/** A worker's link to its supervisor. */
export interface WorkerLink {
  /** The group, for the server. */
  readonly group: ServingGroup;
  /** Starts answering the supervisor's questions; `onClosed` runs when the supervisor is gone. */
  serve(answers: WorkerAnswers, onClosed: () => void): void;
  /** Tells the supervisor this worker serves on these ports. */
  ready(port: number, httpPort: number | null): void;
}

/** Joins the group as worker number `worker`, over stdin and stdout by default. */
export function joinWorkerGroup(
  worker: number,
  input: ReadableStream<Uint8Array> = Deno.stdin.readable,
  output: WritableStream<Uint8Array> = Deno.stdout.writable,
): WorkerLink {
  const send = messageWriter(output);
  let nextId = 1;
  const pending = new Map<number, PromiseWithResolvers<unknown>>();
  const handlers = new Map<string, GroupHandler>();
  const readinessListeners = new Set<() => void>();
  let allReady = false;
  let reported: boolean | null = null;
  const ask = (q: Question): Promise<unknown> => {
    const id = nextId++;
    const answer = Promise.withResolvers<unknown>();
    pending.set(id, answer);
    send({ t: "ask", id, q });
    return answer.promise;
  };
  const run = (op: string, payload: unknown): Promise<unknown> => {
    const handler = handlers.get(op);
    if (!handler) {
      return Promise.reject(
        new RuntimeError("internal", `worker ${worker} has no handler for '${op}'`),
      );
    }
    return handler(payload);
  };
  const group: ServingGroup = {
    worker,
    reportInitialized: async (model) => await ask({ kind: "status", model }) === true,
    requestStop: () => send({ t: "stop" }),
    gatherMetrics: async () => await ask({ kind: "metrics" }) as WorkerMetrics[],
    everywhere: async (op, payload, key) =>
      await ask({ kind: "everywhere", op, payload, key }) as GroupOutcome[],
    onLead: (op, payload) =>
      worker === LEAD_WORKER ? run(op, payload) : ask({ kind: "lead", op, payload }),
    handle: (op, handler) => void handlers.set(op, handler),
    reportReady: (ready) => {
      if (ready === reported) return;
      reported = ready;
      send({ t: "state", ready });
    },
    allReady: () => allReady,
    onReadinessChange: (listener) => {
      readinessListeners.add(listener);
      return () => void readinessListeners.delete(listener);
    },
  };
  return {
    group,
    ready: (port, httpPort) => send({ t: "ready", port, httpPort }),
    serve(answers, onClosed) {
      const answer = async (id: number, q: Question) => {
        try {
          const value = q.kind === "snapshot"
            ? await answers.snapshot()
            : q.kind === "initialize"
            ? await answers.initialize(q.model)
            : q.kind === "op"
            ? await run(q.op, q.payload)
            : undefined;
          send({ t: "answer", id, value });
        } catch (error) {
          const failure = asRuntimeError(error);
          send({ t: "answer", id, error: failure.message, kind: failure.kind });
        }
      };
      const onMessage = (message: Message) => {
        if (message.t === "do") void answer(message.id, message.q);
        if (message.t === "group") {
          if (message.ready === allReady) return;
          allReady = message.ready;
          for (const listener of readinessListeners) listener();
        }
        if (message.t !== "answer") return;
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) {
          waiting?.reject(new RuntimeError(kindOf(message.kind), message.error));
        } else waiting?.resolve(message.value);
      };
      readMessages(input, onMessage).catch(() => {}).finally(() => {
        for (const waiting of pending.values()) {
          waiting.reject(new RuntimeError("not_ready", "the worker supervisor is gone"));
        }
        pending.clear();
        allReady = false;
        for (const listener of readinessListeners) listener();
        onClosed();
      });
    },
  };
}

/** The kind a failure came with (internal when it came without one). */
function kindOf(kind: ErrorKind | undefined): ErrorKind {
  return kind ?? "internal";
}
