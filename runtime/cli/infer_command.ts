/**
 * `--infer`: what the reference client does — Status, one single-item Run,
 * one 8-item Run — printing each decoded output.
 *
 * @module
 */
import { embeddedBundleRoot } from "../base/assets.ts";
import { loadBundle } from "../bundle/load.ts";
import { readCaseInputs } from "../check/test_case_runner.ts";
import { ModzyClient, type RunAnswer } from "../client/modzy_client.ts";
import { asRuntimeError, badRequest } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import type { InferOptions } from "./flags/infer_flags.ts";
import { decodeJson, describeFile } from "./output.ts";
import { describeCallError } from "./target.ts";
import { clientConnection } from "../client/client_security.ts";

/** Runs the client; returns the exit code. `print` receives result lines (stdout). */
export async function inferCommand(
  options: InferOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  let input: Record<string, Uint8Array>;
  try {
    input = await inputFiles(options);
  } catch (error) {
    log.error(asRuntimeError(error).message);
    return 1;
  }
  const target = options.target;
  let client: ModzyClient;
  try {
    const connection = clientConnection(options, target);
    client = new ModzyClient(target, connection.credentials, connection.options);
  } catch (error) {
    log.error(asRuntimeError(error).message);
    return 1;
  }
  try {
    const status = await client.status({ timeoutMs: 10_000 });
    if (options.json) print(JSON.stringify({ call: "Status", ...status }));
    else {
      const info = status.model_info;
      print(`Status: ${status.status_code} ${status.status}: ${status.message}`);
      print(`  model: ${info.model_name} ${info.model_version} by ${info.model_author}`);
    }
    for (const size of [1, 8]) {
      const answer = await client.run(Array.from({ length: size }, () => input));
      printRun(answer, size, options.json, print);
    }
    return 0;
  } catch (error) {
    log.error(describeCallError(error, target));
    return 1;
  } finally {
    client.close();
  }
}

function printRun(answer: RunAnswer, size: number, json: boolean, print: (line: string) => void) {
  if (!json) {
    print(
      `Run (${size} item${
        size === 1 ? "" : "s"
      }): ${answer.status_code} ${answer.status}: ${answer.message}`,
    );
  }
  answer.outputs.forEach((item, index) => {
    const shown = item.output.error ? { error: item.output.error } : item.output;
    if (json) {
      const outputs = Object.fromEntries(
        Object.entries(shown).map(([name, bytes]) => [name, decodeJson(bytes) ?? null]),
      );
      print(JSON.stringify({ call: "Run", items: size, index, success: item.success, outputs }));
    } else {
      for (const [name, bytes] of Object.entries(shown)) {
        print(`  [${index + 1}] ${item.success ? "ok  " : "FAIL"} ${name} ${describeFile(bytes)}`);
      }
    }
  });
}

async function inputFiles(options: InferOptions): Promise<Record<string, Uint8Array>> {
  if (options.inputs.length > 0) {
    const files: Record<string, Uint8Array> = {};
    for (const { name, path } of options.inputs) {
      try {
        files[name] = await Deno.readFile(path);
      } catch (error) {
        throw badRequest(`cannot read --input ${name}=${path}: ${(error as Error).message}`);
      }
    }
    return files;
  }
  const bundle = await loadBundle(options.bundle ?? embeddedBundleRoot());
  const first = bundle.testCases[0];
  if (!first) throw badRequest(`${bundle.dir} has no test cases: pass --input NAME=PATH`);
  return Object.fromEntries(await readCaseInputs(first));
}
