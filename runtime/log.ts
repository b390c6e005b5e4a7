/**
 * A small leveled logger writing one line per event to stderr, so results on
 * stdout stay machine-readable. Structured fields are appended as `key=value`.
 *
 * @module
 */

/** Severity levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

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
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const encoder = new TextEncoder();

/**
 * Creates a logger that drops lines below `level` (default `info`); `silent`
 * drops everything.
 */
export function createLogger(level: LogLevel | "silent" = "info"): Logger {
  const threshold = level === "silent" ? Infinity : RANK[level];
  const write = (lineLevel: LogLevel) => (message: string, fields?: LogFields) => {
    if (RANK[lineLevel] < threshold) return;
    const extra = fields
      ? Object.entries(fields).map(([k, v]) => ` ${k}=${format(v)}`).join("")
      : "";
    const line = `${new Date().toISOString()} ${lineLevel.toUpperCase()} ${message}${extra}\n`;
    Deno.stderr.writeSync(encoder.encode(line));
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

function format(value: unknown): string {
  if (typeof value === "string") return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}
