/**
 * `--serve`: load the bundle, start the server, stop on SIGINT/SIGTERM or the
 * Shutdown RPC, exit 0.
 *
 * @module
 */
import { embeddedBundleRoot } from "../assets.ts";
import { loadModelHost } from "../core/load_model.ts";
import { asRuntimeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { ModelServer } from "../server.ts";
import type { CommandOptions } from "./flags.ts";

/** Serves until stopped; returns the exit code. */
export async function serveCommand(options: CommandOptions, log: Logger): Promise<number> {
  let server: ModelServer;
  try {
    const model = await loadModelHost(options.bundle ?? embeddedBundleRoot(), log);
    server = await ModelServer.start({ model, port: options.port, lazy: options.lazy, log });
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
