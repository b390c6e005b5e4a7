/**
 * Runs a bundle's functional test cases through any way of running items (the
 * model directly, or a server) and compares each output with its expected
 * file. Protocol-free: the caller supplies the `runItems` function.
 *
 * @module
 */
import type { TestCase } from "../bundle/types.ts";
import { outputsMatch } from "../bundle/compare.ts";
import type { InputFiles, ItemResult, RunOptions } from "../model/contract.ts";

/** Runs items with the given flags; one result per item, in order. */
export type RunItems = (items: readonly InputFiles[], options: RunOptions) => Promise<ItemResult[]>;

/** The verdict on one test case under one set of flags. */
export interface CaseVerdict {
  /** Test case folder name. */
  readonly name: string;
  /** The flags it ran with. */
  readonly options: RunOptions;
  /** Items sent in the Run that carried this case. */
  readonly batchSize: number;
  /** Whether every expected output matched. */
  readonly passed: boolean;
  /** What went wrong, when it failed. */
  readonly detail?: string;
}

/** The four detect_drift/explain combinations the reference suite runs. */
export const ALL_FLAG_COMBINATIONS: readonly RunOptions[] = [
  { detectDrift: false, explain: false },
  { detectDrift: true, explain: false },
  { detectDrift: false, explain: true },
  { detectDrift: true, explain: true },
];

/** A test case's input files, read from disk. */
export async function readCaseInputs(testCase: TestCase): Promise<InputFiles> {
  const files = new Map<string, Uint8Array>();
  for (const [name, path] of testCase.inputs) files.set(name, await Deno.readFile(path));
  return files;
}

/**
 * Runs every case under every flag combination in `flagSets`, sending Runs of
 * `batchSize` items (cases repeated round-robin to fill a batch), and judges
 * each item against its case's expected outputs.
 */
export async function runTestCases(
  cases: readonly TestCase[],
  runItems: RunItems,
  flagSets: readonly RunOptions[],
  batchSize: number,
): Promise<CaseVerdict[]> {
  const inputs = await Promise.all(cases.map(readCaseInputs));
  const expected = await Promise.all(cases.map(readExpectedOutputs));
  const verdicts: CaseVerdict[] = [];
  for (const options of flagSets) {
    const count = Math.max(batchSize, cases.length);
    for (let start = 0; start < count; start += batchSize) {
      const indices = Array.from({ length: batchSize }, (_, i) => (start + i) % cases.length);
      const results = await runItems(indices.map((i) => inputs[i]), options);
      indices.forEach((caseIndex, position) => {
        if (start + position >= count) return;
        const verdict = judge(expected[caseIndex], results[position]);
        verdicts.push({ name: cases[caseIndex].name, options, batchSize, ...verdict });
      });
    }
  }
  return verdicts;
}

async function readExpectedOutputs(testCase: TestCase): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const [name, path] of testCase.outputs) files.set(name, await Deno.readFile(path));
  return files;
}

function judge(
  expected: ReadonlyMap<string, Uint8Array>,
  actual: ItemResult | undefined,
): { passed: boolean; detail?: string } {
  if (actual === undefined) return { passed: false, detail: "no result for this item" };
  if (actual instanceof Error) return { passed: false, detail: `failed: ${actual.message}` };
  for (const name of actual.keys()) {
    if (!expected.has(name)) return { passed: false, detail: `unexpected output file '${name}'` };
  }
  for (const [name, want] of expected) {
    const got = actual.get(name);
    if (!got) return { passed: false, detail: `missing output file '${name}'` };
    const match = outputsMatch(name, got, want);
    if (!match.ok) return { passed: false, detail: `${name}: ${match.detail ?? "differs"}` };
  }
  return { passed: true };
}
