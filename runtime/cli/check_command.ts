/**
 * `--check`: run a bundle's functional test cases, directly against the model
 * (all four detect_drift/explain combinations) or through a running server
 * (batch sizes 1 and 8). Prints a verdict per case and a closing count.
 *
 * @module
 */
import { embeddedBundleRoot } from "../base/assets.ts";
import type { Bundle } from "../bundle/types.ts";
import { modelHostFactory } from "../hosting/model_host_factory.ts";
import {
  ALL_FLAG_COMBINATIONS,
  type CaseVerdict,
  type RunItems,
  runTestCases,
} from "../check/test_case_runner.ts";
import { ModzyClient } from "../client/modzy_client.ts";
import { asRuntimeError, RuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import type { ItemResult } from "../model/contract.ts";
import { ERROR_OUTPUT_KEY } from "../model/outputs.ts";
import type { CheckOptions } from "./flags/check_flags.ts";
import { decodeJson } from "./output.ts";
import { describeCallError } from "./target.ts";
import { type ClientConnection, clientConnection } from "../client/client_security.ts";

/** Runs the check; returns 0 when every case passed, else 1. */
export async function checkCommand(
  options: CheckOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  let verdicts: CaseVerdict[];
  try {
    const model = await modelHostFactory({ log }).fromBundleFolder(
      options.bundle ?? embeddedBundleRoot(),
    );
    requireCases(model.bundle);
    if (options.target) {
      verdicts = await checkServer(
        model.bundle,
        options.target,
        clientConnection(options, options.target),
      );
    } else {
      const outcome = await model.initialize();
      if (!outcome.ok) throw outcome.error;
      const runItems: RunItems = (items, flags) => model.run(items, flags);
      verdicts = await runTestCases(model.bundle.testCases, runItems, ALL_FLAG_COMBINATIONS, 1);
      await model.close();
    }
  } catch (error) {
    log.error(
      options.target ? describeCallError(error, options.target) : asRuntimeError(error).message,
    );
    return 1;
  }
  for (const verdict of verdicts) print(render(verdict, options.json));
  const failed = verdicts.filter((v) => !v.passed).length;
  const summary = `${verdicts.length - failed} passed, ${failed} failed`;
  print(options.json ? JSON.stringify({ passed: verdicts.length - failed, failed }) : summary);
  return failed === 0 ? 0 : 1;
}

function requireCases(bundle: Bundle): void {
  if (bundle.testCases.length === 0) {
    throw new RuntimeError("not_found", `${bundle.dir} has no test cases under test_cases/`);
  }
}

async function checkServer(
  bundle: Bundle,
  target: string,
  connection: ClientConnection,
): Promise<CaseVerdict[]> {
  const client = new ModzyClient(target, connection.credentials, connection.options);
  try {
    const status = await client.status({ timeoutMs: 10_000 });
    if (status.status_code !== 200) {
      throw new RuntimeError("not_ready", `server status ${status.status_code}: ${status.message}`);
    }
    const runItems: RunItems = async (items, flags) => {
      const answer = await client.run(items.map((item) => Object.fromEntries(item)), flags);
      return answer.outputs.map(toItemResult);
    };
    const verdicts = [];
    for (const batchSize of [1, 8]) {
      verdicts.push(
        ...await runTestCases(bundle.testCases, runItems, ALL_FLAG_COMBINATIONS, batchSize),
      );
    }
    return verdicts;
  } finally {
    client.close();
  }
}

function toItemResult(item: { output: Record<string, Uint8Array>; success: boolean }): ItemResult {
  if (item.success) return new Map(Object.entries(item.output));
  const document = decodeJson(item.output[ERROR_OUTPUT_KEY] ?? new Uint8Array()) as
    | { error_message?: string }
    | undefined;
  return new Error(document?.error_message ?? "the server reported a failure without a message");
}

function render(verdict: CaseVerdict, json: boolean): string {
  const { name, options, batchSize, passed, detail } = verdict;
  if (json) return JSON.stringify({ case: name, ...options, batchSize, passed, detail });
  const flags = `drift=${options.detectDrift} explain=${options.explain} batch=${batchSize}`;
  return `${passed ? "PASS" : "FAIL"} ${name} (${flags})${detail ? `: ${detail}` : ""}`;
}
