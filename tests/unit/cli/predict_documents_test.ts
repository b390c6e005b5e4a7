/**
 * `--predict` with a model that takes one JSON document per item
 * (runtime/cli/predict_documents.ts): each CSV row becomes the document,
 * the answer's result and any error are appended; a model taking other
 * files is refused with a clear message.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../../../runtime/base/log.ts";
import { scoreDocuments } from "../../../runtime/cli/predict_documents.ts";
import { initBundle } from "../../../runtime/scaffold/init_bundle.ts";
import { writeCodeBundle } from "../../support/code_bundles.ts";

Deno.test("each row is a JSON document keyed by the header; results and errors are appended", async () => {
  const dir = await Deno.makeTempDir({ prefix: "predict_documents_" });
  try {
    await initBundle({ dir: join(dir, "words") });
    const csv = join(dir, "rows.csv");
    await Deno.writeTextFile(csv, 'text,id\nhello there,1\n"one, two, three",2\n,3\n');
    let written = "";
    const failed: number[] = [];
    const summary = await scoreDocuments(join(dir, "words"), csv, {
      write: (text) => Promise.resolve(void (written += text)),
      onRowError: (line) => failed.push(line),
    }, createLogger("silent"));
    assert.deepEqual(summary, { rows: 3, failedRows: 1 });
    assert.deepEqual(failed, [4]);
    assert.equal(
      written,
      [
        "text,id,result,error",
        'hello there,1,"{""text"":""hello there"",""words"":2,""characters"":11}",',
        '"one, two, three",2,"{""text"":""one, two, three"",""words"":3,""characters"":15}",',
        ',3,,"input.json must hold {""text"": ""...""}"',
        "",
      ].join("\n"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a model taking other files cannot be fed rows, and says so", async () => {
  const dir = await Deno.makeTempDir({ prefix: "predict_documents_image_" });
  try {
    await writeCodeBundle(join(dir, "image"), {
      inputs: { "image.jpg": "image/jpeg" },
      files: { "model.ts": "export default { handleInput: () => Promise.resolve(new Map()) };\n" },
    });
    await Deno.writeTextFile(join(dir, "rows.csv"), "a\n1\n");
    await assert.rejects(
      scoreDocuments(join(dir, "image"), join(dir, "rows.csv"), {
        write: () => Promise.resolve(),
      }, createLogger("silent")),
      /--predict scores tabular-classifier bundles and models whose one input file is a JSON document \(e\.g\. input\.json\); this model takes image\.jpg \(image\/jpeg\)/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
