/**
 * `--scaffold model.onnx --out DIR`: wrap an ONNX file into an asset bundle
 * (runtime/scaffold/) and print where it went.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { scaffoldBundle } from "../scaffold/scaffold_bundle.ts";
import type { ScaffoldOptions } from "./flags/scaffold_flags.ts";

/** Scaffolds the bundle; returns 0 on success, 1 on failure. */
export async function scaffoldCommand(
  options: ScaffoldOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  try {
    const result = await scaffoldBundle({
      onnxPath: options.scaffoldOnnx,
      out: options.out,
      name: options.name,
      version: options.bundleVersion,
      force: options.force,
      wrapper: options.wrapper,
      sample: options.sample,
    });
    print(result.dir);
    log.info("scaffolded bundle", {
      model: result.name,
      version: result.version,
      testCase: result.testCase,
    });
    return 0;
  } catch (error) {
    log.error(`cannot scaffold: ${asRuntimeError(error).message}`);
    return 1;
  }
}
