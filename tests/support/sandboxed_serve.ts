/**
 * `deno task serve` as a user runs it — `scripts/serve.ts`, which grants the
 * serve sandbox's permissions and nothing more — on free ports, for tests
 * that must show a bundle (its model code included) works inside the sandbox.
 *
 * @module
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "./cli.ts";
import { freePort } from "./free_port.ts";

/** A sandboxed server: its ports and the running process. */
export interface SandboxedServe {
  /** The gRPC port. */
  readonly port: number;
  /** The HTTP port. */
  readonly httpPort: number;
  /** `127.0.0.1:<port>`. */
  readonly target: string;
  /** Sends SIGTERM and waits for the exit: its code and stderr. */
  stop(): Promise<{ code: number; stderr: string }>;
}

/** Starts `scripts/serve.ts --bundle <bundle>` with one serving process, on free ports. */
export function startSandboxedServe(bundle: string): SandboxedServe {
  const [port, httpPort] = [freePort(), freePort()];
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      `--allow-run=${Deno.execPath()}`,
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "scripts", "serve.ts"),
      "--bundle",
      bundle,
      "--port",
      String(port),
      "--http-port",
      String(httpPort),
    ],
    env: { NO_COLOR: "1", MODEL_RUNTIME_WORKERS: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stopped: Promise<{ code: number; stderr: string }> | null = null;
  return {
    port,
    httpPort,
    target: `127.0.0.1:${port}`,
    stop: () =>
      stopped ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        const { code, stderr } = await child.output();
        return { code, stderr: new TextDecoder().decode(stderr) };
      })(),
  };
}
