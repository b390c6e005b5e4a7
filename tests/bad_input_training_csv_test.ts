/**
 * A corpus of bad training CSVs through the real CLI: each ends with exit 1,
 * its exact error message (file, line, column), and nothing written —
 * including bad labels (empty, NaN, infinite, text under `--task
 * regression`, constant), each naming the column and the first lines.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "./support/cli.ts";

interface BadCase {
  readonly title: string;
  readonly bytes: string | Uint8Array;
  readonly message: (path: string) => string;
  readonly args?: readonly string[];
}

const CASES: readonly BadCase[] = [
  {
    title: "empty file",
    bytes: "",
    message: (p) => `${p}: the file is empty; expected a header row and data rows`,
  },
  {
    title: "header only",
    bytes: "a,b,label\n",
    message: (p) => `${p}: the file has a header but no data rows`,
  },
  {
    title: "ragged row",
    bytes: "a,b,label\n1,2,x\n3,4,y,9\n",
    message: (p) => `${p}: line 3: expected 3 fields, got 4`,
  },
  {
    title: "text in a numeric column",
    bytes: "a,b,label\n1,2,x\n3,abc,y\n",
    message: (p) => `${p}: line 3, column 'b': expected a number, got "abc"`,
  },
  {
    title: "a column empty in every row",
    bytes: "a,b,label\n1,,x\n2,,y\n",
    message: (p) => `${p}: column 'b' is empty in every row; remove it or fill it in`,
  },
  {
    title: "a number beyond float32",
    bytes: "a,label\n1,x\n1e39,y\n",
    message: (p) =>
      `${p}: line 3, column 'a': 1e39 is outside the float32 range the model computes in`,
  },
  {
    title: "empty label",
    bytes: "a,label\n1,x\n2,\n",
    message: (p) => `${p}: column 'label': the label is empty on line 3`,
  },
  {
    title: "NaN labels in a numeric label column",
    bytes: "a,y\n1,1.5\n2,NaN\n3,2.5\n4,nan\n",
    message: (p) =>
      `${p}: column 'y': the label must be a finite number within the float32 range; not on ` +
      `lines 3 ("NaN") and 5 ("nan")`,
  },
  {
    title: "infinite labels, and one beyond float32",
    bytes: "a,y\n1,1.5\n2,inf\n3,-Infinity\n4,1e39\n5,2\n",
    message: (p) =>
      `${p}: column 'y': the label must be a finite number within the float32 range; not on ` +
      `lines 3 ("inf"), 4 ("-Infinity") and 5 ("1e39")`,
  },
  {
    title: "text in a label under --task regression",
    bytes: "a,y\n1,3\n2,abc\n3,4\n4,n/a\n",
    args: ["--task", "regression"],
    message: (p) =>
      `${p}: column 'y': a regression label must be a number; not a number on lines 3 ` +
      `("abc") and 5 ("n/a")`,
  },
  {
    title: "a constant label under --task regression",
    bytes: "a,y\n1,5\n2,5\n3,5\n",
    args: ["--task", "regression"],
    message: (p) =>
      `${p}: column 'y': the label is constant (5 on every line); a regression needs a ` +
      `target that varies`,
  },
  {
    title: "a single class",
    bytes: "a,label\n1,x\n2,x\n",
    message: (p) =>
      `${p}: label column 'label' has a single class 'x'; at least 2 classes are needed`,
  },
  {
    title: "unknown --label",
    bytes: "a,b,label\n1,2,x\n",
    args: ["--label", "species"],
    message: (p) => `${p}: label column 'species' not found; available columns: a, b, label`,
  },
  {
    title: "duplicate header",
    bytes: "a,a,label\n1,2,x\n",
    message: (p) => `${p}: line 1: column 'a' appears more than once in the header`,
  },
  {
    title: "unclosed quote",
    bytes: 'a,label\n1,"x\n',
    message: (p) =>
      `${p}: line 2: invalid CSV: Quote Not Closed: the parsing is finished with an opening ` +
      `quote at line 2`,
  },
  {
    title: "too few rows of a class for a holdout",
    bytes: "a,label\n1,x\n2,x\n3,y\n",
    message: (p) =>
      `${p}: too few rows for a holdout split: class 'y' has 1 row; every class needs at ` +
      `least 2 (one to train on, one to validate)`,
  },
  {
    title: "not UTF-8",
    bytes: new Uint8Array([0x61, 0x2c, 0x6c, 0x0a, 0xe9, 0x2c, 0x78, 0x0a]),
    message: (p) => `${p}: the file is not valid UTF-8 text`,
  },
  {
    title: "unknown --model",
    bytes: "a,label\n1,x\n2,y\n",
    args: ["--model", "forest"],
    message: () =>
      "model 'forest' is not one of auto, linear, mlp, trees, logreg, tabular-classifier, " +
      "hello-world (auto, linear, mlp, trees, or a module that can train; logreg is linear)",
  },
];

Deno.test("bad CSVs: each exact error through the CLI, exit 1, nothing written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bad_csv_" });
  try {
    const failures: string[] = [];
    // Two at a time: the machine has two cores.
    for (let start = 0; start < CASES.length; start += 2) {
      await Promise.all(
        CASES.slice(start, start + 2).map(async (entry, offset) => {
          const csvPath = join(dir, `case${start + offset}.csv`);
          if (typeof entry.bytes === "string") await Deno.writeTextFile(csvPath, entry.bytes);
          else await Deno.writeFile(csvPath, entry.bytes);
          const out = join(dir, `out${start + offset}`);
          const result = await runCli(["--train", csvPath, "--out", out, ...(entry.args ?? [])]);
          const expected = `training failed: ${entry.message(csvPath)}`;
          if (result.code !== 1 || !result.stderr.includes(expected)) {
            failures.push(`${entry.title}: exit ${result.code}, stderr ${result.stderr}`);
          }
          if (await Deno.stat(out).then(() => true, () => false)) {
            failures.push(`${entry.title}: ${out} was written`);
          }
          assert.equal(result.stdout, "", entry.title);
        }),
      );
    }
    assert.deepEqual(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad CSVs: a missing file", async () => {
  const missing = join(await Deno.makeTempDir({ prefix: "missing_csv_" }), "nope.csv");
  const result = await runCli(["--train", missing, "--out", join(missing, "..", "out")]);
  assert.equal(result.code, 1);
  assert.ok(
    result.stderr.includes(
      `training failed: ${missing}: cannot read the training CSV: file not found`,
    ),
    result.stderr,
  );
});
