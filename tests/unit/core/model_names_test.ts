import assert from "node:assert/strict";
import {
  isSafeModelName,
  isUrlSafeName,
  MAX_MODEL_NAME_LENGTH,
  MODEL_NAME_RULE,
  modelNameProblem,
  urlSafeName,
} from "../../../runtime/core/model_names.ts";

Deno.test("URL-safe names: lower-case, runs of other characters become one dash", () => {
  assert.equal(urlSafeName("Iris Classifier"), "iris-classifier");
  assert.equal(urlSafeName("My  Model (v2)!"), "my-model-v2-");
  assert.equal(urlSafeName("a.b_c-d"), "a.b_c-d");
  assert.ok(isUrlSafeName("iris-classifier"));
  assert.ok(!isUrlSafeName("Iris"));
  assert.ok(!isUrlSafeName(""));
});

Deno.test("safe model names: any single path segment, kept as given", () => {
  for (const name of ["ResNet50", "test_castlike_FLOAT16_to_DOUBLE", "iris", "my model", "v1.2"]) {
    assert.equal(modelNameProblem(name), null, name);
    assert.ok(isSafeModelName(name), name);
  }
  const refused: [string, RegExp][] = [
    ["", /empty/],
    [".hidden", /starts with '\.'/],
    ["..", /starts with '\.'/],
    ["a/b", /'\/'/],
    ["a\\b", /'\\'/],
    ["bad|name", /'\|'/],
    [" padded", /space/],
    ["line\nbreak", /control character/],
    ["x".repeat(MAX_MODEL_NAME_LENGTH + 1), /at most/],
  ];
  for (const [name, why] of refused) {
    assert.match(modelNameProblem(name) ?? "", why, JSON.stringify(name));
    assert.ok(!isSafeModelName(name));
  }
  assert.match(MODEL_NAME_RULE, /case-sensitive/);
});
