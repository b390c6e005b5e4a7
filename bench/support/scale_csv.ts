/**
 * A deterministic synthetic classification CSV for the training scale
 * benchmark, in the spirit of scikit-learn's `make_classification`: numeric
 * features drawn from a seeded normal generator (the first third
 * informative, the rest noise), a few categorical columns, and a class
 * label from the noisy argmax of per-class linear scores. The same options
 * write the same bytes on any machine. Written in blocks, so a file of any
 * size takes little memory. Run directly to write one:
 * `deno run -A bench/support/scale_csv.ts OUT.csv ROWS NUMERIC CATEGORICAL`.
 *
 * @module
 */
import { seededRandom } from "../../runtime/train/random.ts";

/** What to generate. */
export interface ScaleCsvOptions {
  /** Data rows. */
  readonly rows: number;
  /** Numeric feature columns `x0…`. */
  readonly numeric: number;
  /** Categorical feature columns `c0…`, each with four values `a`–`d`. */
  readonly categorical: number;
  /** Classes `k0…`. */
  readonly classes: number;
  /** Generator seed. */
  readonly seed: number;
}

const CATEGORIES = ["a", "b", "c", "d"];

/** Writes the CSV to `path`; returns its size in bytes. */
export async function writeScaleCsv(path: string, options: ScaleCsvOptions): Promise<number> {
  const { rows, numeric, categorical, classes } = options;
  const random = seededRandom(options.seed);
  const normal = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const informative = Math.max(1, Math.floor(numeric / 3));
  const weights = Array.from(
    { length: classes },
    () => Array.from({ length: informative + categorical }, () => normal()),
  );
  const header = [
    ...Array.from({ length: numeric }, (_, i) => `x${i}`),
    ...Array.from({ length: categorical }, (_, i) => `c${i}`),
    "label",
  ];
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let bytes = 0;
  const write = async (text: string) => {
    const data = encoder.encode(text);
    bytes += data.length;
    let at = 0;
    while (at < data.length) at += await file.write(data.subarray(at));
  };
  try {
    await write(header.join(",") + "\n");
    let block: string[] = [];
    const x = new Float64Array(numeric);
    const codes = new Int32Array(categorical);
    for (let row = 0; row < rows; row++) {
      for (let f = 0; f < numeric; f++) x[f] = normal();
      for (let c = 0; c < categorical; c++) codes[c] = Math.floor(random() * CATEGORIES.length);
      let best = 0;
      let bestScore = -Infinity;
      for (let k = 0; k < classes; k++) {
        let score = 1.5 * normal();
        for (let f = 0; f < informative; f++) score += weights[k][f] * x[f];
        for (let c = 0; c < categorical; c++) {
          score += weights[k][informative + c] * (codes[c] - 1.5) * 0.5;
        }
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      const cells: string[] = [];
      for (let f = 0; f < numeric; f++) cells.push(x[f].toFixed(4));
      for (let c = 0; c < categorical; c++) cells.push(CATEGORIES[codes[c]]);
      cells.push(`k${best}`);
      block.push(cells.join(","));
      if (block.length === 10_000) {
        await write(block.join("\n") + "\n");
        block = [];
      }
    }
    if (block.length > 0) await write(block.join("\n") + "\n");
  } finally {
    file.close();
  }
  return bytes;
}

if (import.meta.main) {
  const [out, rows, numeric, categorical] = Deno.args;
  const bytes = await writeScaleCsv(out, {
    rows: Number(rows ?? 1_000_000),
    numeric: Number(numeric ?? 48),
    categorical: Number(categorical ?? 2),
    classes: 3,
    seed: 7,
  });
  console.log(`${out}: ${bytes} bytes`);
}
