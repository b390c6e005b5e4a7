/**
 * `--init DIR`: write a new model bundle with its own code
 * (runtime/scaffold/init_bundle.ts), print its version folder and the
 * commands that check and serve it.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { initBundle } from "../scaffold/init_bundle.ts";
import type { InitOptions } from "./flags/init_flags.ts";

/** Writes the bundle; returns 0 on success, 1 on failure. */
export async function initCommand(
  options: InitOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  try {
    const result = await initBundle({
      dir: options.initDir,
      name: options.name,
      version: options.bundleVersion,
      force: options.force,
    });
    print(result.dir);
    log.info("initialised a model bundle; edit model.ts and model.yaml, then check and serve it", {
      model: result.name,
      version: result.version,
      files: result.files.join(","),
      check: `--check --bundle ${options.initDir}`,
      serve: `--serve --bundle ${options.initDir}`,
    });
    return 0;
  } catch (error) {
    log.error(`cannot initialise: ${asRuntimeError(error).message}`);
    return 1;
  }
}
