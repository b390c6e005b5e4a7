/**
 * Runs the real CLI (`main.ts --serve`) as a child process on a free
 * loopback-reachable port, the way a model container runs it, and stops it
 * for sure: by the Shutdown RPC in the test, or by SIGTERM then SIGKILL here.
 *
 * @module
 */
import { join } from "node:path";

const PROJECT_ROOT = join(import.meta.dirname ?? ".", "..", "..");

/** How to start the server process. */
export interface ServerProcessOptions {
  /** Bundle folder to serve; default the embedded bundle. */
  readonly bundle?: string;
  /** Pass `--lazy` (load the model at the first Status). */
  readonly lazy?: boolean;
  /** More program flags, appended after the others (e.g. `--grace 5s`). */
  readonly extraArgs?: readonly string[];
}

/** A running `main.ts --serve` child process. */
export interface ServerProcess extends AsyncDisposable {
  /** The port it was told to listen on. */
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly target: string;
  /** The HTTP port it bound (REST, /metrics); null when it opened none (mutual TLS). */
  readonly httpPort: number | null;
  /**
   * Waits up to `timeoutMs` for the process to exit by itself; resolves with
   * its exit code, or null when it is still running.
   */
  waitForExit(timeoutMs: number): Promise<number | null>;
  /** Sends `signal` to the process (no waiting). */
  kill(signal: Deno.Signal): void;
  /** Ends the process if it still runs (SIGTERM, then SIGKILL) and returns its stderr. */
  stop(): Promise<string>;
  /** Its stderr so far. */
  currentLog(): string;
  /** Its stderr so far, after a moment for lines still on their way. */
  logText(): Promise<string>;
}

function delay(ms: number): { promise: Promise<null>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), ms));
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Starts `deno run -A main.ts --serve --port 0 --http-port 0` with this Deno
 * executable, from a temporary working directory (the runtime must not
 * depend on the cwd), and resolves once the server logs the port it bound
 * (it binds only after its models have loaded, unless `--lazy`). Letting the
 * server pick its ports avoids races between tests running in parallel; the
 * `serving` log line must stay enabled (no `--quiet`).
 */
export async function startServerProcess(
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const cwd = await Deno.makeTempDir({ prefix: "modzy_server_cwd_" });
  const args = [
    "run",
    "-A",
    `--config=${join(PROJECT_ROOT, "deno.json")}`,
    join(PROJECT_ROOT, "main.ts"),
    "--serve",
    "--port",
    "0",
    "--http-port",
    "0",
  ];
  if (options.lazy) args.push("--lazy");
  if (options.bundle) args.push("--bundle", options.bundle);
  args.push(...options.extraArgs ?? []);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    // One serving process unless a test asks for workers (`--workers` overrides this).
    env: { NO_COLOR: "1", MODEL_RUNTIME_LOG_FORMAT: "text", MODEL_RUNTIME_WORKERS: "1" },
  }).spawn();
  const stderr = collectText(child.stderr);
  let exitCode: number | null = null;
  const exited = child.status.then((status) => exitCode = status.code);

  const waitForExit = async (timeoutMs: number) => {
    if (exitCode !== null) return exitCode;
    const timeout = delay(timeoutMs);
    const code = await Promise.race([exited, timeout.promise]);
    timeout.cancel();
    return code;
  };
  let stopping: Promise<string> | null = null;
  const stop = () =>
    stopping ??= (async () => {
      if (exitCode === null) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        if (await waitForExit(10_000) === null) child.kill("SIGKILL");
      }
      await exited;
      await Deno.remove(cwd, { recursive: true });
      return await stderr.done;
    })();
  let port: number;
  let httpPort: number | null;
  try {
    [port, httpPort] = await boundPorts(stderr, () => exitCode !== null, 60_000);
  } catch (error) {
    const log = await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return {
    port,
    httpPort,
    target: `127.0.0.1:${port}`,
    waitForExit,
    kill: (signal) => {
      if (exitCode === null) child.kill(signal);
    },
    stop,
    currentLog: () => stderr.text(),
    logText: async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return stderr.text();
    },
    [Symbol.asyncDispose]: async () => void await stop(),
  };
}

interface CollectedText {
  /** Everything read so far. */
  readonly text: () => string;
  /** Resolves with the whole text once the stream ends. */
  readonly done: Promise<string>;
}

function collectText(stream: ReadableStream<Uint8Array>): CollectedText {
  let text = "";
  const decoder = new TextDecoder();
  const done = (async () => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
    return text;
  })();
  return { text: () => text, done };
}

async function boundPorts(
  stderr: CollectedText,
  exited: () => boolean,
  timeoutMs: number,
): Promise<[number, number | null]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = stderr.text().match(/ serving port=(\d+)(?: http_port=(\d+))?/);
    if (match) return [Number(match[1]), match[2] === undefined ? null : Number(match[2])];
    if (exited()) throw new Error("the server process exited before it was serving");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the server process was not serving within ${timeoutMs} ms`);
}
