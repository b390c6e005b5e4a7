/**
 * A small leveled logger writing one line per event to stderr, so results on
 * stdout stay machine-readable. Lines are readable text (`key=value` fields)
 * or JSON objects (`{"time","level","msg",...fields}`); a line written while
 * a request is served carries its `request_id`.
 *
 * @module
 */
import { currentRequestContext } from "./request_context.ts";

/** Severity levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** How lines are written: readable text or one JSON object per line. */
export type LogFormat = "text" | "json";

/** Structured fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Where the runtime writes its logs. */
export interface Logger {
  /** Detail for debugging; off by default. */
  debug(message: string, fields?: LogFields): void;
  /** Normal operation: started, loaded, stopped. */
  info(message: string, fields?: LogFields): void;
  /** Something is off but the runtime carries on. */
  warn(message: string, fields?: LogFields): void;
  /** An operation failed. */
  error(message: string, fields?: LogFields): void;
  /**
   * Whether lines of `level` are written; callers on the hot path ask first
   * so they build no fields for a line that would be dropped. Absent: assume yes.
   */
  enabled?(level: LogLevel): boolean;
}

/** Every level, least to most severe (for validating flags). */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** Every format (for validating flags). */
export const LOG_FORMATS: readonly LogFormat[] = ["text", "json"];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const encoder = new TextEncoder();

/**
 * Creates a logger that drops lines below `level` (default `info`); `silent`
 * drops everything. `format` picks text (default) or JSON lines; `sink`
 * receives each finished line (default: stderr), which tests use to capture.
 *
 * @example
 * ```ts
 * import { createLogger } from "./log.ts";
 * const lines: string[] = [];
 * const log = createLogger("info", "json", (line) => lines.push(line));
 * log.info("model initialized", { model: "iris", ms: 12 });
 * console.log(JSON.parse(lines[0]).msg); // "model initialized"
 * ```
 */
export function createLogger(
  level: LogLevel | "silent" = "info",
  format: LogFormat = "text",
  sink: (line: string) => void = writeStderr,
): Logger {
  const threshold = level === "silent" ? Infinity : RANK[level];
  const render = format === "json" ? jsonLine : textLine;
  const write = (lineLevel: LogLevel) => (message: string, fields?: LogFields) => {
    if (RANK[lineLevel] < threshold) return;
    const requestId = currentRequestContext()?.requestId;
    const all = requestId === undefined ? fields : { request_id: requestId, ...fields };
    sink(render(new Date().toISOString(), lineLevel, message, all));
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    enabled: (lineLevel) => RANK[lineLevel] >= threshold,
  };
}

function writeStderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(`${line}\n`));
}

function textLine(time: string, level: LogLevel, message: string, fields?: LogFields): string {
  const extra = fields
    ? Object.entries(fields).filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}=${formatText(v)}`).join("")
    : "";
  return `${time} ${level.toUpperCase()} ${message}${extra}`;
}

function jsonLine(time: string, level: LogLevel, message: string, fields?: LogFields): string {
  const record: Record<string, unknown> = { time, level, msg: message };
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (key === "time" || key === "level" || key === "msg") continue;
    record[key] = value instanceof Error ? value.message : value;
  }
  return JSON.stringify(record, (_key, value) => typeof value === "bigint" ? `${value}` : value);
}

function formatText(value: unknown): string {
  if (typeof value === "string") return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}
