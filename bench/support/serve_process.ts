/**
 * The real server (`main.ts --serve`) as a child process for the hardening
 * scripts (fuzz, soak) and their short test versions: free gRPC and HTTP
 * ports, its pid and RSS, whether it is still alive, and a stop.
 *
 * @module
 */
import { projectPath } from "../../runtime/base/assets.ts";
import { freePort, rssMiB } from "./processes.ts";

/** A running server process. */
export interface ServeProcess {
  /** gRPC port. */
  readonly port: number;
  /** HTTP port (REST, /metrics). */
  readonly httpPort: number;
  /** Process id. */
  readonly pid: number;
  /** Resident set size now, in MiB. */
  rssMiB(): number;
  /** The exit code once it exited by itself (a crash), else null. */
  exitCode(): number | null;
  /** Stops it (SIGTERM, SIGKILL after 15 s) and returns its exit code. */
  stop(): Promise<number>;
}

/** Starts `main.ts --serve` with `extra` flags and waits until the gRPC port accepts. */
export async function startServeProcess(extra: readonly string[] = []): Promise<ServeProcess> {
  const port = freePort();
  const httpPort = freePort();
  const cwd = Deno.makeTempDirSync({ prefix: "hardening_serve_" });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${projectPath("deno.json")}`,
      projectPath("main.ts"),
      "--serve",
      "--port",
      String(port),
      "--http-port",
      String(httpPort),
      "--log-level",
      "error",
      ...extra,
    ],
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let code: number | null = null;
  const status = child.status.then((s) => code = s.code);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (code !== null) throw new Error(`the server exited (${code}) before listening`);
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("the server did not listen within 60 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    httpPort,
    pid: child.pid,
    rssMiB: () => rssMiB(child.pid),
    exitCode: () => code,
    async stop() {
      if (code === null) child.kill("SIGTERM");
      const timer = setTimeout(() => code === null && child.kill("SIGKILL"), 15_000);
      await status;
      clearTimeout(timer);
      Deno.removeSync(cwd, { recursive: true });
      return code ?? -1;
    },
  };
}
