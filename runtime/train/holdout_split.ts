/**
 * Stratified holdout split: each class contributes the same share of its
 * rows to the holdout set, chosen by a seeded shuffle, so the split is
 * reproducible and every class is both trained on and validated.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";
import type { TrainingTable } from "./training_table.ts";

/** Appends `from[start..end)` to `into` (no spread: a part may hold a million rows). */
function append(into: number[], from: readonly number[], start: number, end: number): void {
  for (let i = start; i < end; i++) into.push(from[i]);
}

/** Row indices of the two parts, each in ascending (file) order. */
export interface HoldoutSplit {
  /** Rows the model is fitted on. */
  readonly train: readonly number[];
  /** Rows kept back to measure the model. */
  readonly holdout: readonly number[];
}

/**
 * Splits the table's rows: per class, `max(1, round(count * fraction))`
 * shuffled rows go to the holdout set and the rest to training. Throws
 * `bad_request` when a class has fewer than 2 rows.
 */
export function stratifiedHoldoutSplit(
  table: TrainingTable,
  fraction: number,
  seed: number,
): HoldoutSplit {
  const byClass: number[][] = table.classLabels.map(() => []);
  table.targets.forEach((target, row) => byClass[target].push(row));
  const random = seededRandom(seed);
  const train: number[] = [];
  const holdout: number[] = [];
  byClass.forEach((rows, classIndex) => {
    if (rows.length < 2) {
      throw badRequest(
        `${table.source}: too few rows for a holdout split: class ` +
          `'${table.classLabels[classIndex]}' has ${rows.length} row; every class needs ` +
          `at least 2 (one to train on, one to validate)`,
      );
    }
    shuffleInPlace(rows, random);
    const holdoutCount = Math.max(1, Math.round(rows.length * fraction));
    append(holdout, rows, 0, holdoutCount);
    append(train, rows, holdoutCount, rows.length);
  });
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), holdout: holdout.sort(ascending) };
}

/**
 * Splits `rows` (indices into `targets`) into fitting and validation rows:
 * per class, `round(count * fraction)` shuffled rows validate, but a class
 * always keeps at least one row for fitting. Used for early stopping inside
 * the training rows; both parts in ascending order.
 */
export function stratifiedValidationSplit(
  rows: readonly number[],
  targets: Int32Array,
  classCount: number,
  fraction: number,
  seed: number,
): { readonly fit: readonly number[]; readonly validation: readonly number[] } {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (const row of rows) byClass[targets[row]].push(row);
  const random = seededRandom(seed ^ 0x5f3759df);
  const fit: number[] = [];
  const validation: number[] = [];
  for (const members of byClass) {
    shuffleInPlace(members, random);
    const count = Math.min(members.length - 1, Math.round(members.length * fraction));
    append(validation, members, 0, Math.max(0, count));
    append(fit, members, Math.max(0, count), members.length);
  }
  const ascending = (a: number, b: number) => a - b;
  return { fit: fit.sort(ascending), validation: validation.sort(ascending) };
}

/** Fewest rows a regression trains on: four to fit, one to validate. */
export const MIN_REGRESSION_ROWS = 5;

/**
 * Splits the rows of a regression table: `max(1, round(rowCount *
 * fraction))` rows chosen by a seeded shuffle are held out, the rest train.
 * Throws `bad_request` when the table has fewer than
 * {@link MIN_REGRESSION_ROWS} rows.
 */
export function randomHoldoutSplit(
  table: Pick<TrainingTable, "source" | "rowCount">,
  fraction: number,
  seed: number,
): HoldoutSplit {
  if (table.rowCount < MIN_REGRESSION_ROWS) {
    throw badRequest(
      `${table.source}: too few rows for a holdout split: a regression needs at least ` +
        `${MIN_REGRESSION_ROWS} rows, got ${table.rowCount}`,
    );
  }
  const rows = Array.from({ length: table.rowCount }, (_, row) => row);
  shuffleInPlace(rows, seededRandom(seed));
  const holdoutCount = Math.max(1, Math.round(rows.length * fraction));
  const ascending = (a: number, b: number) => a - b;
  return {
    train: rows.slice(holdoutCount).sort(ascending),
    holdout: rows.slice(0, holdoutCount).sort(ascending),
  };
}

/**
 * Splits `rows` into fitting and validation rows for early stopping without
 * classes: `round(count * fraction)` shuffled rows validate (at least one,
 * and at least one row is kept for fitting); both parts in ascending order.
 */
export function randomValidationSplit(
  rows: readonly number[],
  fraction: number,
  seed: number,
): { readonly fit: readonly number[]; readonly validation: readonly number[] } {
  const shuffled = [...rows];
  shuffleInPlace(shuffled, seededRandom(seed ^ 0x5f3759df));
  const count = Math.min(shuffled.length - 1, Math.max(1, Math.round(shuffled.length * fraction)));
  const ascending = (a: number, b: number) => a - b;
  return {
    fit: shuffled.slice(count).sort(ascending),
    validation: shuffled.slice(0, count).sort(ascending),
  };
}

/** One fold of a cross-validation: rows to fit on and the rows it scores, both ascending. */
export interface Fold {
  /** Rows the model is fitted on (every other fold's). */
  readonly fit: readonly number[];
  /** Rows it is scored on. */
  readonly validation: readonly number[];
}

/** The folds of `assignment` (row → fold index) over `rows`. */
function foldsOf(rows: readonly number[], assignment: Map<number, number>, k: number): Fold[] {
  const ascending = [...rows].sort((a, b) => a - b);
  return Array.from({ length: k }, (_, fold) => ({
    fit: ascending.filter((row) => assignment.get(row) !== fold),
    validation: ascending.filter((row) => assignment.get(row) === fold),
  }));
}

/**
 * Splits `rows` into `k` folds for cross-validation: per class, the rows are
 * shuffled (seeded) and dealt round-robin, continuing where the previous
 * class stopped, so every fold holds about the same share of every class.
 */
export function stratifiedFolds(
  rows: readonly number[],
  targets: Int32Array,
  classCount: number,
  k: number,
  seed: number,
): Fold[] {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (const row of rows) byClass[targets[row]].push(row);
  const random = seededRandom(seed ^ 0x1b873593);
  const assignment = new Map<number, number>();
  let next = 0;
  for (const members of byClass) {
    for (const row of shuffleInPlace(members, random)) assignment.set(row, next++ % k);
  }
  return foldsOf(rows, assignment, k);
}

/** Splits `rows` into `k` folds for cross-validation by a seeded shuffle dealt round-robin. */
export function randomFolds(rows: readonly number[], k: number, seed: number): Fold[] {
  const shuffled = shuffleInPlace([...rows], seededRandom(seed ^ 0x1b873593));
  const assignment = new Map<number, number>();
  shuffled.forEach((row, index) => assignment.set(row, index % k));
  return foldsOf(rows, assignment, k);
}
