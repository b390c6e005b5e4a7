/**
 * Deterministic nonlinear data sets for the tree tests, where a linear
 * model is bound to fail: two interleaving moons, concentric rings (one
 * class per ring) and a noisy XOR, as row-major feature matrices with class
 * targets, or as CSV text for the CLI.
 *
 * @module
 */
import { seeded } from "./training_data.ts";

/** A feature matrix with a class per row. */
export interface LabelledPoints {
  /** Row-major features, `width` per row. */
  readonly features: Float64Array;
  /** Features per row. */
  readonly width: number;
  /** Class index of each row. */
  readonly targets: Int32Array;
  /** Number of classes. */
  readonly classCount: number;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** scikit-learn's `make_moons`: two half circles, `noise` the std of added Gaussian noise. */
export function twoMoons(count: number, noise = 0.2, seed = 1): LabelledPoints {
  const random = seeded(seed);
  const features = new Float64Array(count * 2);
  const targets = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const t = Math.PI * random();
    const upper = i % 2 === 0;
    features[2 * i] = (upper ? Math.cos(t) : 1 - Math.cos(t)) + noise * gaussian(random);
    features[2 * i + 1] = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * gaussian(random);
    targets[i] = upper ? 0 : 1;
  }
  return { features, width: 2, targets, classCount: 2 };
}

/** `classCount` concentric rings of radius 1, 2, … with noise, one class per ring. */
export function concentricRings(count: number, classCount = 3, seed = 2): LabelledPoints {
  const random = seeded(seed);
  const features = new Float64Array(count * 2);
  const targets = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const ring = i % classCount;
    const angle = 2 * Math.PI * random();
    const radius = ring + 1 + 0.25 * gaussian(random);
    features[2 * i] = radius * Math.cos(angle);
    features[2 * i + 1] = radius * Math.sin(angle);
    targets[i] = ring;
  }
  return { features, width: 2, targets, classCount };
}

/** The points as CSV text: `x0,x1,…,label` with labels named by `names`. */
export function pointsCsv(points: LabelledPoints, names: readonly string[]): string {
  const header = [...Array.from({ length: points.width }, (_, f) => `x${f}`), "label"];
  const lines = [header.join(",")];
  for (let i = 0; i < points.targets.length; i++) {
    const values = Array.from(
      points.features.subarray(i * points.width, (i + 1) * points.width),
      (value) => value.toFixed(4),
    );
    lines.push([...values, names[points.targets[i]]].join(","));
  }
  return lines.join("\n") + "\n";
}

/** Row indices 0..count-1 split into every `fold`-th row (holdout) and the rest. */
export function everyNth(count: number, fold = 5): { train: number[]; holdout: number[] } {
  const train: number[] = [];
  const holdout: number[] = [];
  for (let i = 0; i < count; i++) (i % fold === 0 ? holdout : train).push(i);
  return { train, holdout };
}

/**
 * scikit-learn's `make_friedman1` as CSV text (`x0,…,x4,y`): five uniform
 * inputs and `y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise`,
 * a regression a straight line can only half explain.
 */
export function friedmanCsv(count: number, noise = 0.5, seed = 3): string {
  const random = seeded(seed);
  const lines = ["x0,x1,x2,x3,x4,y"];
  for (let i = 0; i < count; i++) {
    const x = Array.from({ length: 5 }, () => random());
    const y = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] +
      5 * x[4] + noise * gaussian(random);
    lines.push([...x.map((value) => value.toFixed(4)), y.toFixed(4)].join(","));
  }
  return lines.join("\n") + "\n";
}
