/**
 * Picks the holdout rows that become the bundle's functional test cases:
 * the first holdout row of each class (in file order), then further holdout
 * rows in file order until there are at least {@link MIN_TEST_CASES}. Each
 * case is named after its class and CSV line, e.g. `setosa-line-12`.
 *
 * @module
 */
import type { TrainingTable } from "./training_table.ts";

/** Fewest test cases written when the holdout has enough rows. */
export const MIN_TEST_CASES = 3;

/** One chosen row and its test case folder name. */
export interface TestCaseRow {
  /** Folder name under `test_cases/`. */
  readonly name: string;
  /** Row index into the table. */
  readonly row: number;
}

/** Chooses test case rows among `holdout` (ascending row indices). */
export function chooseTestCaseRows(
  table: TrainingTable,
  holdout: readonly number[],
): TestCaseRow[] {
  const chosen: number[] = [];
  table.classLabels.forEach((_, classIndex) => {
    const first = holdout.find((row) => table.targets[row] === classIndex);
    if (first !== undefined) chosen.push(first);
  });
  for (const row of holdout) {
    if (chosen.length >= MIN_TEST_CASES) break;
    if (!chosen.includes(row)) chosen.push(row);
  }
  return chosen.sort((a, b) => a - b).map((row) => ({
    name: `${slug(table.classLabels[table.targets[row]])}-line-${table.lines[row]}`,
    row,
  }));
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "class";
}

/**
 * Chooses test case rows of a regression among `holdout` (ascending row
 * indices): the holdout rows with the smallest, the median and the largest
 * target (first in file order on ties), so the cases span the range; each
 * named after its CSV line, e.g. `line-12`.
 */
export function chooseRegressionTestCaseRows(
  table: TrainingTable,
  holdout: readonly number[],
): TestCaseRow[] {
  const byValue = [...holdout].sort((a, b) => table.values[a] - table.values[b] || a - b);
  const picks = [byValue[0], byValue[Math.floor((byValue.length - 1) / 2)], byValue.at(-1)!];
  return [...new Set(picks)].sort((a, b) => a - b).map((row) => ({
    name: `line-${table.lines[row]}`,
    row,
  }));
}
