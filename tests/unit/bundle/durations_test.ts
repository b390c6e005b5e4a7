/** Durations as written in a bundle (model.yaml timeouts). */
import assert from "node:assert/strict";
import { parseDuration } from "../../../runtime/bundle/durations.ts";

Deno.test("parseDuration reads seconds and unit parts into milliseconds", () => {
  const cases: [string, number][] = [
    ["20s", 20000],
    ["500ms", 500],
    ["2m", 120000],
    ["1h", 3600000],
    ["1h30m", 5400000],
    ["1.5s", 1500],
    ["20", 20000],
    ["0", 0],
    ["20S", 20000],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  for (const bad of ["", "soon", "20 sec", "s", "-1s", "1d", "20s garbage"]) {
    assert.equal(parseDuration(bad), null, bad);
  }
});
