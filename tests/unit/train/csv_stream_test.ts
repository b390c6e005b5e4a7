/**
 * The streamed training table: reading a file in blocks gives exactly the
 * table the whole-text parse gives (quotes, BOM, CRLF, multi-byte text split
 * across blocks, gaps, one-hot and free text), reports its progress in bytes,
 * keeps the whole-file error messages and their order, and holds a large
 * table in float32 with raw values read back in their shortest form.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseCsvText } from "../../../runtime/train/csv_records.ts";
import { READ_BLOCK_BYTES } from "../../../runtime/train/csv_stream.ts";
import {
  buildTrainingTable,
  rawRowOf,
  readTrainingTable,
  type TrainingTable,
} from "../../../runtime/train/training_table.ts";

function comparable(table: TrainingTable) {
  return {
    pipeline: table.pipeline,
    features: Array.from(table.features),
    targets: Array.from(table.targets),
    values: Array.from(table.values),
    lines: Array.from(table.lines),
    classLabels: table.classLabels,
    task: table.task,
    taskRule: table.taskRule,
    missing: table.missing,
    raw: Array.from({ length: table.rowCount }, (_, row) => rawRowOf(table, row)),
  };
}

/**
 * A mixed CSV of `rows` rows: numbers with gaps, a category, a long quoted
 * multi-byte category (or, with `text`, quoted free text), a label.
 */
function mixedCsv(rows: number, text = false): string {
  const lines = ["\ufeffsize,colour,note,label"];
  for (let i = 0; i < rows; i++) {
    const size = i % 7 === 3 ? "" : (i * 0.37).toFixed(3);
    const colour = ["rouge", "bleu", "vert clair", ""][i % 4];
    const note = text
      ? `"crème brûlée n°${i % 13}, ""fine"" and more words here"`
      : `"crème,brûlée-${i % 13}-${"é".repeat(100)}"`;
    lines.push(`${size},${colour},${note},${i % 3 === 0 ? "oui" : "non"}`);
  }
  return lines.join("\r\n") + "\r\n";
}

Deno.test("stream: a file read in blocks gives the table of the whole-text parse", async () => {
  const dir = await Deno.makeTempDir({ prefix: "csv_stream_" });
  try {
    const text = mixedCsv(12_000);
    const path = join(dir, "mixed.csv");
    await Deno.writeTextFile(path, text);
    const size = (await Deno.stat(path)).size;
    assert.ok(size > 2 * READ_BLOCK_BYTES, "the file spans several blocks");
    const progress: number[] = [];
    const streamed = await readTrainingTable({ path }, {}, (read, total) => {
      assert.equal(total, size);
      progress.push(read);
    });
    const whole = buildTrainingTable(path, parseCsvText(path, text));
    assert.deepEqual(comparable(streamed), comparable(whole));
    assert.ok(streamed.features instanceof Float64Array);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    assert.equal(progress.at(-1), size);
    assert.equal(streamed.pipeline.columns[2].kind, "categorical");
    const notes = mixedCsv(60, true);
    const fromText = await readTrainingTable({ path: "inline.csv", text: notes });
    assert.equal(fromText.pipeline.columns[2].kind, "tfidf");
    assert.deepEqual(
      comparable(fromText),
      comparable(buildTrainingTable("inline.csv", parseCsvText("inline.csv", notes))),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stream: the whole-file messages, in the whole-file order", async () => {
  const dir = await Deno.makeTempDir({ prefix: "csv_stream_" });
  const failsWith = async (text: string | Uint8Array, message: string) => {
    const path = join(dir, "bad.csv");
    if (typeof text === "string") await Deno.writeTextFile(path, text);
    else await Deno.writeFile(path, text);
    await assert.rejects(
      readTrainingTable({ path }),
      (error: unknown) =>
        error instanceof RuntimeError && error.kind === "bad_request" &&
        error.message === message.replaceAll("PATH", path),
    );
  };
  try {
    // A ragged row is reported before an earlier non-number, as the whole-file check does.
    await failsWith("a,b,label\n1,x,p\n2,3,q\n4,5,p,9\n", "PATH: line 4: expected 3 fields, got 4");
    await failsWith(
      "a,b,label\n1,2,p\n1,oops,q\nzz,3,p\n",
      `PATH: line 4, column 'a': expected a number, got "zz"`,
    );
    await failsWith(
      "a,b,label\n,1,p\n,2,q\n",
      "PATH: column 'a' is empty in every row; remove it or fill it in",
    );
    await failsWith(
      'a,label\n1,"x\n',
      "PATH: line 2: invalid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2",
    );
    await failsWith(
      new Uint8Array([0x61, 0x2c, 0x6c, 0x0a, 0xe9, 0x2c, 0x78, 0x0a]),
      "PATH: the file is not valid UTF-8 text",
    );
    await failsWith("", "PATH: the file is empty; expected a header row and data rows");
    await assert.rejects(
      readTrainingTable({ path: join(dir, "absent.csv") }),
      /absent\.csv: cannot read the training CSV: file not found/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stream: past the double-precision limit the matrix is float32", async () => {
  const text = "x,y,colour,label\n" +
    Array.from(
      { length: 40 },
      (_, i) => `${i / 10},${i === 5 ? "" : 1 / (i + 1)},${i % 2 ? "a" : "b"},${i % 2}`,
    )
      .join("\n") +
    "\n";
  const double = await readTrainingTable({ path: "t.csv", text });
  const single = await readTrainingTable({ path: "t.csv", text }, { doublePrecisionCells: 30 });
  assert.ok(double.features instanceof Float64Array);
  assert.ok(single.features instanceof Float32Array);
  assert.deepEqual(Array.from(single.features), Array.from(double.features, Math.fround));
  assert.deepEqual(rawRowOf(single, 1), { x: 0.1, y: 0.5, colour: "a" });
  assert.deepEqual(rawRowOf(single, 5), { x: 0.5, y: null, colour: "a" });
  assert.deepEqual(rawRowOf(single, 1), rawRowOf(double, 1));
  assert.equal(single.task, "classification");
});
