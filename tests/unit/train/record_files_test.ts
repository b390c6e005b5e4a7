/**
 * Training records from every source: inline, `.csv` (a header row, text
 * values), `.json` (an array or one object), `.jsonl` (blank lines
 * skipped); bad files name the file and line; the trainer's table keeps the
 * columns in first-seen order and its CSV text parses back to the rows.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseCsvText } from "../../../runtime/train/csv_records.ts";
import { readRecords, recordFormatOf, recordTable } from "../../../runtime/train/record_files.ts";

Deno.test("record files: csv, json and jsonl read as records, in file order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.csv"), 'text,label\n"x, y",1\n');
    await Deno.writeTextFile(join(dir, "b.json"), '[{"text":"j","n":2}]');
    await Deno.writeTextFile(join(dir, "c.json"), '{"text":"one"}');
    await Deno.writeTextFile(join(dir, "d.jsonl"), '{"text":"l1"}\n\n{"label":true}\n');
    const records = await readRecords({
      files: [
        { path: join(dir, "a.csv"), format: "csv" },
        { path: join(dir, "b.json"), format: "json" },
        { path: join(dir, "c.json"), format: "json" },
        { path: join(dir, "d.jsonl"), format: "jsonl" },
      ],
    });
    assert.deepEqual(records, [
      { text: "x, y", label: "1" },
      { text: "j", n: 2 },
      { text: "one" },
      { text: "l1" },
      { label: true },
    ]);
    assert.deepEqual(await readRecords({ records: [{ a: 1 }] }), [{ a: 1 }]);
    assert.equal(recordFormatOf("/x/Y.JSONL"), "jsonl");
    assert.equal(recordFormatOf("/x/y.txt"), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("record files: a bad file is a bad_request naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "bad.jsonl"), '{"a":1}\n[1]\n');
    await Deno.writeTextFile(join(dir, "ragged.csv"), "a,b\n1\n");
    const cases: [string, "csv" | "json" | "jsonl", RegExp][] = [
      ["bad.jsonl", "jsonl", /bad\.jsonl: line 2 is not a JSON object/],
      ["ragged.csv", "csv", /ragged\.csv: line 2: expected 2 fields, got 1/],
      ["missing.json", "json", /missing\.json: cannot read the training data: file not found/],
    ];
    for (const [name, format, message] of cases) {
      await assert.rejects(
        readRecords({ files: [{ path: join(dir, name), format }] }),
        (error: RuntimeError) => error.kind === "bad_request" && message.test(error.message),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("record files: the table has every column, text values, and CSV that parses back", () => {
  const table = recordTable([
    { text: 'say "hi", then\nleave', label: "a" },
    { label: 2, extra: { nested: [1] }, missing: null },
  ]);
  assert.deepEqual(table.columns, ["text", "label", "extra", "missing"]);
  assert.deepEqual(table.rows[1], { text: "", label: "2", extra: '{"nested":[1]}', missing: "" });
  const parsed = parseCsvText("table.csv", table.csvText).map((record) => record.fields);
  assert.deepEqual(parsed, [
    ["text", "label", "extra", "missing"],
    ['say "hi", then\nleave', "a", "", ""],
    ["", "2", '{"nested":[1]}', ""],
  ]);
  assert.equal(recordTable([]).csvText, "");
});
