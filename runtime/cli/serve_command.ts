/**
 * `--serve`: load the bundle, start the server, stop on SIGINT/SIGTERM or the
 * Shutdown RPC, exit 0.
 *
 * @module
 */
import { asRuntimeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { ModelServer } from "../server.ts";
import { serveModel } from "../serve_model.ts";
import type { CommandOptions } from "./flags.ts";

/** Serves until stopped; returns the exit code. */
export async function serveCommand(options: CommandOptions, log: Logger): Promise<number> {
  let server: ModelServer;
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
    });
  } catch (error) {
    log.error(`cannot serve: ${asRuntimeError(error).message}`);
    return 1;
  }
  const stop = () => void server.stop();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, stop);
  await server.stopped;
  for (const signal of signals) Deno.removeSignalListener(signal, stop);
  return 0;
}
