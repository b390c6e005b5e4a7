/**
 * `--train DATA.csv`: train a model into a complete asset bundle.
 *
 * @module
 */
import { asRuntimeError, badRequest } from "../errors.ts";
import type { Logger } from "../log.ts";
import { trainToBundle } from "../train/train.ts";
import type { CommandOptions } from "./flags.ts";

/** Trains and writes the bundle; returns the exit code. */
export async function trainCommand(
  options: CommandOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  try {
    if (!options.trainCsv) throw badRequest("--train needs a CSV file");
    if (!options.out) throw badRequest("--train needs --out DIR, the bundle root to write");
    const report = await trainToBundle({
      csvPath: options.trainCsv,
      outDir: options.out,
      name: options.name,
      bundleVersion: options.bundleVersion,
      label: options.label,
      force: options.force,
      progress: options.quiet ? undefined : (line: string) => log.info(line),
    });
    log.info("trained", {
      accuracy: report.metrics.accuracy,
      rows: report.rows.total,
      ms: Math.round(report.timings.totalMs),
    });
    print(report.paths.bundleDir);
    return 0;
  } catch (error) {
    log.error(`training failed: ${asRuntimeError(error).message}`);
    return 1;
  }
}
