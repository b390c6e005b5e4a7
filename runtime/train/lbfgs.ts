/**
 * Limited-memory BFGS minimisation of a smooth function, with a backtracking
 * (Armijo) line search. Plain deterministic arithmetic: the same inputs give
 * the same result bit for bit on every run.
 *
 * @module
 */

/** Writes the gradient at `x` into `gradient` and returns the value at `x`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Stopping rules and memory size. */
export interface LbfgsOptions {
  /** Stop when the largest gradient component is at most this. */
  readonly gradientTolerance: number;
  /** Stop when the relative decrease of the value in one step is below this. */
  readonly valueTolerance: number;
  /** Stop after this many iterations even when not converged. */
  readonly maxIterations: number;
  /** Number of correction pairs kept; 10 when absent. */
  readonly memory?: number;
  /** Hears every accepted iterate (1-based iteration, point, value); must not modify `x`. */
  readonly onIteration?: (iteration: number, x: Float64Array, value: number) => void;
}

/** Where the optimiser stopped and why. */
export interface LbfgsResult {
  /** The minimiser found. */
  readonly x: Float64Array;
  /** The objective value there. */
  readonly value: number;
  /** Largest absolute gradient component there. */
  readonly gradientMax: number;
  /** Iterations performed. */
  readonly iterations: number;
  /** True when a tolerance was met before `maxIterations`. */
  readonly converged: boolean;
}

/**
 * Minimises `objective` from `start` with L-BFGS.
 *
 * @example
 * ```ts
 * import { minimizeLbfgs } from "./lbfgs.ts";
 * const result = minimizeLbfgs((x, g) => {
 *   g[0] = 2 * (x[0] - 3);
 *   return (x[0] - 3) ** 2;
 * }, new Float64Array(1), { gradientTolerance: 1e-9, valueTolerance: 0, maxIterations: 50 });
 * console.log(result.x[0]); // 3
 * ```
 */
export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const size = start.length;
  const memory = options.memory ?? 10;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(size);
  let iterations = 0;
  let converged = maxAbs(gradient) <= options.gradientTolerance;

  while (!converged && iterations < options.maxIterations) {
    iterations++;
    searchDirection(gradient, steps, changes, rhos, direction);
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (lost curvature information): restart.
      steps.length = changes.length = rhos.length = 0;
      for (let i = 0; i < size; i++) direction[i] = -gradient[i];
      slope = dot(gradient, direction);
    }
    let stepLength = steps.length === 0 ? Math.min(1, 1 / Math.max(maxAbs(gradient), 1e-12)) : 1;
    const nextX = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextValue = Infinity;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < size; i++) nextX[i] = x[i] + stepLength * direction[i];
      nextValue = objective(nextX, nextGradient);
      if (nextValue <= value + 1e-4 * stepLength * slope) break;
      stepLength *= 0.5;
    }
    if (!(nextValue < value)) {
      converged = true; // No further decrease is possible at double precision.
      break;
    }
    const step = new Float64Array(size);
    const change = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      step[i] = nextX[i] - x[i];
      change[i] = nextGradient[i] - gradient[i];
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12) {
      steps.push(step);
      changes.push(change);
      rhos.push(1 / curvature);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
    }
    const decrease = (value - nextValue) / Math.max(Math.abs(value), Math.abs(nextValue), 1);
    x = nextX;
    gradient = nextGradient;
    value = nextValue;
    converged = maxAbs(gradient) <= options.gradientTolerance ||
      decrease < options.valueTolerance;
    options.onIteration?.(iterations, x, value);
  }
  return { x, value, gradientMax: maxAbs(gradient), iterations, converged };
}

/** Two-loop recursion: writes `-H * gradient` into `direction`. */
function searchDirection(
  gradient: Float64Array,
  steps: readonly Float64Array[],
  changes: readonly Float64Array[],
  rhos: readonly number[],
  direction: Float64Array,
): void {
  const size = gradient.length;
  for (let i = 0; i < size; i++) direction[i] = -gradient[i];
  const alphas = new Float64Array(steps.length);
  for (let k = steps.length - 1; k >= 0; k--) {
    alphas[k] = rhos[k] * dot(steps[k], direction);
    axpy(-alphas[k], changes[k], direction);
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const gamma = dot(steps[last], changes[last]) / dot(changes[last], changes[last]);
    for (let i = 0; i < size; i++) direction[i] *= gamma;
  }
  for (let k = 0; k < steps.length; k++) {
    const beta = rhos[k] * dot(changes[k], direction);
    axpy(alphas[k] - beta, steps[k], direction);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(scale: number, from: Float64Array, into: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] += scale * from[i];
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  return largest;
}
