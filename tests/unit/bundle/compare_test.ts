/** Output comparison of functional test cases: compact JSON vs bytes. */
import assert from "node:assert/strict";
import { outputsMatch } from "../../../runtime/bundle/compare.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test(".json outputs match when their compact re-serialisations are equal", () => {
  const expected = bytes('{\n  "data": {"result": {"class": "setosa"}, "drift": null}\n}\n');
  const actual = bytes('{"data":{"result":{"class":"setosa"},"drift":null}}');
  assert.deepEqual(outputsMatch("results.json", actual, expected), { ok: true });
  assert.deepEqual(outputsMatch("RESULTS.JSON", bytes("[1.0, 2]"), bytes("[1,2.00]")), {
    ok: true,
  });
});

Deno.test(".json outputs with different values or key order do not match", () => {
  assert.deepEqual(
    outputsMatch("results.json", bytes('{"class":"versicolor"}'), bytes('{"class": "setosa"}')),
    {
      ok: false,
      detail:
        'compact JSON differs at character 10: expected "{\\"class\\":\\"setosa\\"}", got "{\\"class\\":\\"versicolor\\"}"',
    },
  );
  assert.equal(outputsMatch("r.json", bytes('{"a":1,"b":2}'), bytes('{"b":2,"a":1}')).ok, false);
  const long = (n: number) => bytes(JSON.stringify({ padding: "x".repeat(40), value: n }));
  assert.deepEqual(outputsMatch("r.json", long(1), long(2)), {
    ok: false,
    detail: 'compact JSON differs at character 62: expected "…xxxxxxxxxx\\",\\"value\\":2}", ' +
      'got "…xxxxxxxxxx\\",\\"value\\":1}"',
  });
});

Deno.test("a .json file that is not JSON never matches and says which side", () => {
  assert.deepEqual(outputsMatch("r.json", bytes("{}"), bytes("{oops")), {
    ok: false,
    detail: `expected file is not valid JSON: ${jsonError("{oops")}`,
  });
  assert.deepEqual(outputsMatch("r.json", bytes("nope"), bytes("{}")), {
    ok: false,
    detail: `actual output is not valid JSON: ${jsonError("nope")}`,
  });
  const invalidUtf8 = new Uint8Array([0x22, 0xff, 0x22]);
  assert.deepEqual(outputsMatch("r.json", invalidUtf8, bytes('"a"')), {
    ok: false,
    detail: "actual output is not valid UTF-8 text",
  });
});

Deno.test("other files compare byte for byte", () => {
  assert.deepEqual(outputsMatch("out.txt", bytes("abc"), bytes("abc")), { ok: true });
  assert.deepEqual(outputsMatch("out.txt", bytes("abd"), bytes("abc")), {
    ok: false,
    detail: "bytes differ at offset 2: expected 0x63, got 0x64",
  });
  assert.deepEqual(outputsMatch("out.bin", bytes("ab"), bytes("abc")), {
    ok: false,
    detail: "actual output is 2 bytes, expected 3; the first 2 bytes are equal",
  });
  assert.deepEqual(outputsMatch("results.json.txt", bytes("{}\n"), bytes("{}")), {
    ok: false,
    detail: "actual output is 3 bytes, expected 2; the first 2 bytes are equal",
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected invalid JSON");
}
