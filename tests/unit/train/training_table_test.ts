/**
 * CSV ingest of the trainer: parsing (quotes, BOM, blank lines, label
 * option) and every data error with its exact message.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseCsvText, readCsvRecords } from "../../../runtime/train/csv_records.ts";
import {
  buildTrainingTable,
  imputeMissing,
  rawRowOf,
  type TableOptions,
} from "../../../runtime/train/training_table.ts";
import { stratifiedHoldoutSplit } from "../../../runtime/train/holdout_split.ts";

const SOURCE = "data.csv";

function table(text: string, options: TableOptions = {}) {
  return buildTrainingTable(SOURCE, parseCsvText(SOURCE, text), options);
}

function assertBadRequest(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof RuntimeError, `expected a RuntimeError, got ${error}`);
    assert.equal(error.kind, "bad_request");
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("csv: numeric features, last column is the label, classes sorted", () => {
  const result = table("a,b,kind\n1,2,y\n3.5,-4e2,x\n.5,+6,y\n");
  assert.deepEqual(result.featureNames, ["a", "b"]);
  assert.equal(result.labelName, "kind");
  assert.deepEqual(result.classLabels, ["x", "y"]);
  assert.equal(result.rowCount, 3);
  assert.deepEqual([...result.features], [1, 2, 3.5, -400, 0.5, 6]);
  assert.deepEqual([...result.targets], [1, 0, 1]);
  assert.deepEqual([...result.lines], [2, 3, 4]);
});

Deno.test("csv: BOM, quoted fields, spaces, CRLF and blank lines", () => {
  const text = '\uFEFF"x 1",x2,"the, label"\r\n 1 , "2",  "a, b"\r\n\r\n3,4,"say ""c"""\r\n';
  const result = table(text);
  assert.deepEqual(result.featureNames, ["x 1", "x2"]);
  assert.equal(result.labelName, "the, label");
  assert.deepEqual(result.classLabels, ["a, b", 'say "c"']);
  assert.deepEqual([...result.features], [1, 2, 3, 4]);
  assert.deepEqual([...result.lines], [2, 4]);
});

Deno.test("csv: a named label column may be anywhere", () => {
  const result = table("f1,kind,f2\n1,a,2\n3,b,4\n", { label: "kind" });
  assert.deepEqual(result.featureNames, ["f1", "f2"]);
  assert.deepEqual([...result.features], [1, 2, 3, 4]);
  assert.deepEqual(result.classLabels, ["a", "b"]);
});

Deno.test("csv: a single feature column is enough", () => {
  const result = table("x,y\n1,a\n2,b\n");
  assert.deepEqual(result.featureNames, ["x"]);
});

Deno.test("csv: empty file and whitespace-only file", () => {
  assertBadRequest(
    () => table(""),
    "data.csv: the file is empty; expected a header row and data rows",
  );
  assertBadRequest(
    () => table("\n\n"),
    "data.csv: the file is empty; expected a header row and data rows",
  );
});

Deno.test("csv: header only", () => {
  assertBadRequest(() => table("a,b,label\n"), "data.csv: the file has a header but no data rows");
});

Deno.test("csv: ragged rows name the line and both counts", () => {
  assertBadRequest(
    () => table("a,b,label\n1,2,x\n3,4\n"),
    "data.csv: line 3: expected 3 fields, got 2",
  );
  assertBadRequest(
    () => table("a,b,label\n1,2,x\n\n3,4,y,9\n"),
    "data.csv: line 4: expected 3 fields, got 4",
  );
});

Deno.test("csv: non-numeric, all-empty and out-of-range features name value, column and line", () => {
  assertBadRequest(
    () => table("a,b,label\n1,2,x\n3,abc,y\n"),
    `data.csv: line 3, column 'b': expected a number, got "abc"`,
  );
  assertBadRequest(
    () => table("a,b,label\n,2,x\n,3,y\n"),
    "data.csv: column 'a' is empty in every row; remove it or fill it in",
  );
  assertBadRequest(
    () => table("a,b,label\n1,2,x\n0x10,2,y\n"),
    `data.csv: line 3, column 'a': expected a number, got "0x10"`,
  );
  assertBadRequest(
    () => table("a,b,label\n1,2,x\nNaN,2,y\n"),
    `data.csv: line 3, column 'a': expected a number, got "NaN"`,
  );
  assertBadRequest(
    () => table("a,b,label\n1,1e39,x\n"),
    "data.csv: line 2, column 'b': 1e39 is outside the float32 range the model computes in",
  );
});

Deno.test("csv: column kinds — numeric with gaps, categorical, free text", () => {
  const text = "age,colour,note,label\n" +
    "30,red,the cat sat on the mat,a\n" +
    ",blue,a dog ran in the park today,b\n" +
    "50,red,birds fly over the sea,a\n";
  const parsed = table(text);
  assert.deepEqual(parsed.pipeline.columns.map((column) => column.kind), [
    "numeric",
    "categorical",
    "tfidf",
  ]);
  assert.equal(
    parsed.width,
    3,
    "the text adds no float input; its tf-idf is fitted after the split",
  );
  assert.deepEqual(parsed.missing, { age: 1 });
  assert.ok(Number.isNaN(parsed.features[parsed.width]));
  assert.deepEqual(rawRowOf(parsed, 1), {
    age: null,
    colour: "blue",
    note: "a dog ran in the park today",
  });
  const filled = imputeMissing(parsed, [0, 2]);
  assert.equal(filled.features[filled.width], 40);
  const age = filled.pipeline.columns[0];
  assert.ok(age.kind === "numeric" && age.impute === 40);
});

Deno.test("csv: an empty label", () => {
  assertBadRequest(
    () => table("a,label\n1,x\n2,\n"),
    "data.csv: column 'label': the label is empty on line 3",
  );
});

Deno.test("csv: a single class", () => {
  assertBadRequest(
    () => table("a,b,label\n1,2,x\n3,4,x\n"),
    "data.csv: label column 'label' has a single class 'x'; at least 2 classes are needed",
  );
});

Deno.test("csv: unknown label column lists the available ones", () => {
  assertBadRequest(
    () => table("a,b,label\n1,2,x\n", { label: "species" }),
    "data.csv: label column 'species' not found; available columns: a, b, label",
  );
});

Deno.test("csv: no feature column", () => {
  assertBadRequest(
    () => table("label\nx\ny\n"),
    "data.csv: no feature columns; besides the label column 'label' the CSV needs at least " +
      "one numeric feature column",
  );
});

Deno.test("csv: bad headers", () => {
  assertBadRequest(
    () => table("a,,label\n1,2,x\n"),
    "data.csv: line 1: column 2 has an empty name in the header",
  );
  assertBadRequest(
    () => table("a,a,label\n1,2,x\n"),
    "data.csv: line 1: column 'a' appears more than once in the header",
  );
});

Deno.test("csv: malformed CSV is reported with its line", () => {
  assertBadRequest(
    () => parseCsvText(SOURCE, 'a,label\n1,"x\n'),
    "data.csv: line 2: invalid CSV: Quote Not Closed: the parsing is finished with an " +
      "opening quote at line 2",
  );
});

Deno.test("csv: too few rows for a holdout split", () => {
  const small = table("a,label\n1,x\n2,x\n3,y\n");
  assertBadRequest(
    () => stratifiedHoldoutSplit(small, 0.2, 42),
    "data.csv: too few rows for a holdout split: class 'y' has 1 row; every class needs " +
      "at least 2 (one to train on, one to validate)",
  );
});

Deno.test("csv: unreadable and non-UTF-8 files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = join(dir, "missing.csv");
    await assert.rejects(readCsvRecords(missing), (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.kind, "bad_request");
      assert.equal(error.message, `${missing}: cannot read the training CSV: file not found`);
      return true;
    });
    const latin1 = join(dir, "latin1.csv");
    await Deno.writeFile(latin1, new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe9]));
    await assert.rejects(readCsvRecords(latin1), (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.kind, "bad_request");
      assert.equal(error.message, `${latin1}: the file is not valid UTF-8 text`);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
