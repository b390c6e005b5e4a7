import assert from "node:assert/strict";
import { isUrlSafeName, urlSafeName } from "../../../runtime/core/model_names.ts";

Deno.test("URL-safe names: lower-case, runs of other characters become one dash", () => {
  assert.equal(urlSafeName("Iris Classifier"), "iris-classifier");
  assert.equal(urlSafeName("My  Model (v2)!"), "my-model-v2-");
  assert.equal(urlSafeName("a.b_c-d"), "a.b_c-d");
  assert.ok(isUrlSafeName("iris-classifier"));
  assert.ok(!isUrlSafeName("Iris"));
  assert.ok(!isUrlSafeName(""));
});
