/**
 * `--train DATA.csv`: train a model into a complete asset bundle locally, or
 * with `--target HOST:PORT` on a server's TrainingService (the CSV's bytes
 * are sent; the training_id and model_name are printed first, then progress
 * is followed until the job ends).
 *
 * @module
 */
import { basename, extname } from "node:path";
import { asRuntimeError, badRequest } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import type { TrainOptions } from "./flags/train_flags.ts";
import { trainingProgress } from "./training_progress.ts";

/** Trains and writes the bundle (or trains remotely); returns the exit code. */
export async function trainCommand(
  options: TrainOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  if (options.target !== undefined) return await trainRemotely(options, log, print);
  const progress = trainingProgress(options.quiet, (line) => log.info(line));
  try {
    if (!options.trainCsv) throw badRequest("--train needs a CSV file");
    if (!options.out) throw badRequest("--train needs --out DIR, the bundle root to write");
    const { trainAnyModel } = await import("../hosting/train_any.ts");
    const report = await trainAnyModel({
      csvPath: options.trainCsv,
      outDir: options.out,
      name: options.name,
      bundleVersion: options.bundleVersion,
      label: options.label,
      force: options.force,
      seed: options.seed,
      model: options.model,
      task: options.task,
      progress: options.quiet ? undefined : (line: string) => {
        progress.stop(); // a log line ends the live bar rather than tearing through it
        log.info(line);
      },
      onStep: (step) => progress.step(step),
      onRead: (bytesRead, totalBytes) => progress.read(bytesRead, totalBytes),
    });
    progress.stop();
    const regression = report.regressionMetrics;
    log.info("trained", {
      model: report.model ?? options.model ?? "auto",
      ...(report.metrics ? { accuracy: report.metrics.accuracy } : {}),
      ...(regression ? { rmse: regression.rmse, mae: regression.mae, r2: regression.r2 } : {}),
    });
    print(report.bundleDir);
    return 0;
  } catch (error) {
    progress.stop();
    log.error(`training failed: ${asRuntimeError(error).message}`);
    return 1;
  }
}

/** Sends the CSV to the server at `--target` and follows the job to its end. */
async function trainRemotely(
  options: TrainOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  const { TrainingClient } = await import("../client/training_client.ts");
  const client = new TrainingClient(options.target!);
  try {
    if (!options.trainCsv) throw badRequest("--train needs a CSV file");
    const csvBytes = await Deno.readFile(options.trainCsv).catch((error) => {
      throw badRequest(`${options.trainCsv}: cannot read the training CSV: ${error.message}`);
    });
    const started = await client.train({
      modelName: options.name ?? basename(options.trainCsv, extname(options.trainCsv)),
      csvBytes,
      label: options.label,
      model: options.model,
      task: options.task,
      seed: options.seed,
      version: options.bundleVersion,
    });
    print(`training_id: ${started.training_id}`);
    print(`model_name: ${started.model_name}`);
    let lastMessage = "";
    const final = await client.follow(started.training_id, (status) => {
      if (options.quiet || status.message === lastMessage) return;
      lastMessage = status.message;
      log.info(`${status.state} ${(status.progress * 100).toFixed(0)}%: ${status.message}`);
    });
    print(`state: ${final.state}`);
    if (final.state !== "COMPLETED") {
      log.error(`training ${final.state.toLowerCase()}: ${final.error || final.message}`);
      return 1;
    }
    if (final.metrics?.task === "regression") {
      print(`rmse: ${final.metrics.rmse}`);
      print(`mae: ${final.metrics.mae}`);
      print(`r2: ${final.metrics.r2}`);
    } else {
      print(`accuracy: ${final.metrics?.accuracy ?? 0}`);
    }
    if (final.model) print(`model: ${final.model}`);
    print(`bundle_dir: ${final.bundle_dir}`);
    return 0;
  } catch (error) {
    const reason = (error as { details?: string }).details ?? asRuntimeError(error).message;
    log.error(`remote training failed: ${reason}`);
    return 1;
  } finally {
    client.close();
  }
}
