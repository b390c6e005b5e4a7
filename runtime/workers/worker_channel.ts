/**
 * The messages between the worker supervisor and its serving workers, one
 * JSON object per line on the worker's stdin (supervisor → worker) and
 * stdout (worker → supervisor). A worker's stdout line without the
 * {@link CHANNEL_PREFIX} is not a message and is passed on as output.
 *
 * @module
 */
import type { ErrorKind } from "../base/errors.ts";

/** Marks a line on a worker's stdout as a message. */
export const CHANNEL_PREFIX = "\u0001worker ";

/** The environment variable that makes a serve process worker number N of a group. */
export const WORKER_ENV = "MODEL_RUNTIME_WORKER_NUMBER";

/** The environment variable telling a worker how many workers the group has. */
export const WORKER_COUNT_ENV = "MODEL_RUNTIME_WORKER_COUNT";

/**
 * A question a worker asks the supervisor (`ask`: status, metrics,
 * everywhere, lead) or the supervisor asks a worker (`do`: snapshot,
 * initialize, op).
 */
export type Question =
  | { readonly kind: "status"; readonly model: string }
  | { readonly kind: "metrics" }
  | { readonly kind: "snapshot" }
  | { readonly kind: "initialize"; readonly model: string }
  | {
    readonly kind: "everywhere";
    readonly op: string;
    readonly payload: unknown;
    readonly key?: string;
  }
  | { readonly kind: "lead"; readonly op: string; readonly payload: unknown }
  | { readonly kind: "op"; readonly op: string; readonly payload: unknown };

/**
 * A message on the channel: `ready` (the worker serves on its ports),
 * `state` (whether the worker is ready here), `group` (whether every worker
 * is ready), `stop`, questions and their answers (a failure with its kind).
 */
export type Message =
  | { readonly t: "ready"; readonly port: number; readonly httpPort: number | null }
  | { readonly t: "state" | "group"; readonly ready: boolean }
  | { readonly t: "stop" }
  | { readonly t: "ask" | "do"; readonly id: number; readonly q: Question }
  | {
    readonly t: "answer";
    readonly id: number;
    readonly value?: unknown;
    readonly error?: string;
    readonly kind?: ErrorKind;
  };

const encoder = new TextEncoder();

/** The bytes of one message line. */
export function encodeMessage(message: Message): Uint8Array {
  return encoder.encode(`${CHANNEL_PREFIX}${JSON.stringify(message)}\n`);
}

/**
 * Reads `stream` line by line: each message line goes to `onMessage`, any
 * other line to `onOther`; resolves at the end of the stream.
 */
export async function readMessages(
  stream: ReadableStream<Uint8Array>,
  onMessage: (message: Message) => void,
  onOther: (line: string) => void = () => {},
): Promise<void> {
  const lines = stream.pipeThrough(new TextDecoderStream()).pipeThrough(lineSplitter());
  for await (const line of lines) {
    if (!line.startsWith(CHANNEL_PREFIX)) {
      onOther(line);
      continue;
    }
    try {
      onMessage(JSON.parse(line.slice(CHANNEL_PREFIX.length)) as Message);
    } catch {
      onOther(line);
    }
  }
}

/** Splits text into lines (without their `\n`). */
function lineSplitter(): TransformStream<string, string> {
  let rest = "";
  return new TransformStream({
    transform(chunk, controller) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const part of parts) controller.enqueue(part);
    },
    flush(controller) {
      if (rest !== "") controller.enqueue(rest);
    },
  });
}

/** Writes messages to `stream` one at a time, in order. */
export function messageWriter(stream: WritableStream<Uint8Array>): (message: Message) => void {
  const writer = stream.getWriter();
  let queue = Promise.resolve();
  return (message) => {
    const bytes = encodeMessage(message);
    queue = queue.then(() => writer.write(bytes)).catch(() => {});
  };
}
