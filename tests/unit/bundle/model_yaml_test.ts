/**
 * model.yaml parsing: the full trainer-written file, template files with
 * empty values, defaults, and the exact message of every validation error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseModelSpec } from "../../../runtime/bundle/model_yaml.ts";

const FILE = "/bundle/0.1.0/model.yaml";
const FIXTURE = join(
  import.meta.dirname!,
  "..",
  "..",
  "fixtures",
  "bundles",
  "iris",
  "0.1.0",
  "model.yaml",
);

/** A valid minimal document followed by `extra` lines. */
function minimal(extra = ""): string {
  return `name: Iris\nversion: 0.1.0\n${extra}`;
}

function assertSpecError(text: string, message: string): void {
  assert.throws(
    () => parseModelSpec(text, FILE),
    (error: unknown) => {
      assert.ok(error instanceof RuntimeError, `not a RuntimeError: ${error}`);
      assert.equal(error.kind, "internal");
      assert.equal(error.message, message);
      return true;
    },
  );
}

Deno.test("the full trainer-written model.yaml reads into every typed field", async () => {
  const spec = parseModelSpec(await Deno.readTextFile(FIXTURE), FIXTURE);
  assert.equal(spec.specification, "0.4");
  assert.equal(spec.type, "grpc");
  assert.equal(spec.source, "Model Runtime");
  assert.equal(spec.version, "0.1.0");
  assert.equal(spec.name, "Iris Classifier");
  assert.equal(spec.author, "Model Runtime");
  assert.deepEqual(spec.description, {
    summary: "Classifies iris flowers into three species.",
    details: "A small tabular classifier trained on the iris data set.",
    technical: "Multinomial logistic regression exported to ONNX.",
    performance: "96.67% accuracy on a 20% holdout.",
  });
  assert.deepEqual(spec.tags, ["classification", "tabular"]);
  assert.deepEqual(spec.metrics, [
    { label: "Accuracy", type: "percentage", value: 0.9667, description: "Holdout accuracy" },
  ]);
  assert.deepEqual(
    spec.inputs,
    new Map([["input.json", {
      acceptedMediaTypes: ["application/json"],
      maxSize: "64K",
      description: "One flower's four measurements in centimetres.",
    }]]),
  );
  assert.deepEqual(
    spec.outputs,
    new Map([["results.json", {
      mediaType: "application/json",
      maxSize: "64K",
      description: "Class probabilities and the predicted class.",
    }]]),
  );
  assert.deepEqual(spec.resources, { memory: "512Mi", cpus: 1, gpus: 0 });
  assert.deepEqual(spec.timeout, { status: "20s", run: "20s", statusMs: 20000, runMs: 20000 });
  assert.deepEqual(spec.features, {
    adversarialDefense: false,
    maxBatchSize: 64,
    retrainable: true,
    resultsFormat: "classPredictions",
    driftFormat: null,
    explanationFormat: null,
  });
  assert.deepEqual(spec.module, {
    id: "tabular-classifier",
    config: {
      artifact: "model.onnx",
      features: ["sepal_length", "sepal_width", "petal_length", "petal_width"],
      labels: ["setosa", "versicolor", "virginica"],
    },
  });
  assert.deepEqual(spec.missing, []);
  assert.equal(spec.raw.releaseNotes, "First release.");
  assert.deepEqual(spec.raw.filters, [{ type: "Task", label: "Classification" }]);
  assert.deepEqual(spec.raw.internal, {
    recommended: false,
    experimental: false,
    available: true,
    active: true,
    features: {},
  });
});

Deno.test("a template with every descriptive value empty loads and lists them as missing", () => {
  const template = `specification:
type:
source:
version: 0.1.0
name: Template Model
author:
description:
  summary:
  details:
  technical:
  performance:
releaseNotes:
tags:
filters:
metrics:
  - label:
    type:
    value:
    description:
inputs:
  input.json:
    acceptedMediaTypes:
    maxSize:
    description:
outputs:
  results.json:
    mediaType:
    maxSize:
    description:
resources:
  memory:
    size:
  cpu:
    count:
  gpu:
    count:
timeout:
  status:
  run:
internal:
features:
  adversarialDefense:
  maxBatchSize:
  retrainable:
  resultsFormat:
  driftFormat:
  explanationFormat:
`;
  const spec = parseModelSpec(template, FILE);
  assert.equal(spec.name, "Template Model");
  assert.equal(spec.author, "");
  assert.deepEqual(spec.description, { summary: "", details: "", technical: "", performance: "" });
  assert.deepEqual(spec.tags, []);
  assert.deepEqual(spec.metrics, []);
  assert.deepEqual(
    spec.inputs,
    new Map([["input.json", { acceptedMediaTypes: [], maxSize: "", description: "" }]]),
  );
  assert.deepEqual(
    spec.outputs,
    new Map([["results.json", { mediaType: "", maxSize: "", description: "" }]]),
  );
  assert.deepEqual(spec.resources, { memory: "", cpus: 0, gpus: 0 });
  assert.deepEqual(spec.timeout, { status: "", run: "", statusMs: 0, runMs: 0 });
  assert.deepEqual(spec.features, {
    adversarialDefense: false,
    maxBatchSize: 1,
    retrainable: false,
    resultsFormat: null,
    driftFormat: null,
    explanationFormat: null,
  });
  assert.equal(spec.module, null);
  assert.deepEqual(spec.missing, [
    "specification",
    "type",
    "source",
    "author",
    "description.summary",
    "description.details",
    "description.technical",
    "description.performance",
    "metrics[0].label",
    "metrics[0].value",
    "inputs.input.json.acceptedMediaTypes",
    "inputs.input.json.maxSize",
    "inputs.input.json.description",
    "outputs.results.json.mediaType",
    "outputs.results.json.maxSize",
    "outputs.results.json.description",
    "resources.memory.size",
    "resources.cpu.count",
    "resources.gpu.count",
    "timeout.status",
    "timeout.run",
    "features.adversarialDefense",
    "features.retrainable",
  ]);
});

Deno.test("absent sections read as defaults: batch size 1, no module, no timeouts", () => {
  const spec = parseModelSpec(minimal(), FILE);
  assert.equal(spec.features.maxBatchSize, 1);
  assert.equal(spec.features.resultsFormat, null);
  assert.equal(spec.module, null);
  assert.deepEqual(spec.timeout, { status: "", run: "", statusMs: 0, runMs: 0 });
  assert.deepEqual(spec.inputs, new Map());
  assert.ok(spec.missing.includes("inputs"));
  assert.ok(spec.missing.includes("outputs"));
  assert.deepEqual(spec.raw, { name: "Iris", version: "0.1.0" });
});

Deno.test("inputs and outputs keep file order, even for integer-like names", () => {
  const spec = parseModelSpec(
    minimal(
      "inputs:\n  b.json: {}\n  '10': {}\n  a.txt: {}\noutputs:\n  z.json: {}\n  '2': {}\n",
    ),
    FILE,
  );
  assert.deepEqual([...spec.inputs.keys()], ["b.json", "10", "a.txt"]);
  assert.deepEqual([...spec.outputs.keys()], ["z.json", "2"]);
});

Deno.test("timeouts read as milliseconds from every accepted form", () => {
  const cases: [string, number][] = [
    ["20s", 20000],
    ["500ms", 500],
    ["2m", 120000],
    ["1h", 3600000],
    ["1m30s", 90000],
    ["'15'", 15000],
    ["2.5", 2500],
  ];
  for (const [written, ms] of cases) {
    const spec = parseModelSpec(minimal(`timeout: {status: ${written}, run: ${written}}\n`), FILE);
    assert.equal(spec.timeout.statusMs, ms, written);
    assert.equal(spec.timeout.runMs, ms, written);
  }
  const bare = parseModelSpec(minimal("timeout: {status: 15, run: 1h}\n"), FILE);
  assert.equal(bare.timeout.status, "15");
});

Deno.test("a metric without type or description keeps just label and value", () => {
  const spec = parseModelSpec(minimal("metrics:\n  - {label: F1, value: 0.5}\n"), FILE);
  assert.deepEqual(spec.metrics, [{ label: "F1", value: 0.5 }]);
});

Deno.test("YAML syntax errors name the line and column", () => {
  assertSpecError(
    "name: Iris\nversion: 0.1.0\ntags: [a, b\nauthor: x\n",
    `${FILE}: line 4, column 1: invalid YAML: ` +
      "Flow sequence in block collection must be sufficiently indented and end with a ]",
  );
  assertSpecError(
    "name: Iris\nname: Other\n",
    `${FILE}: line 2, column 1: invalid YAML: Map keys must be unique`,
  );
  assertSpecError(
    "name: Iris\n---\nname: Other\n",
    `${FILE}: line 2, column 1: invalid YAML: ` +
      "Source contains multiple documents; please use YAML.parseAllDocuments()",
  );
  assertSpecError(
    "name: *nowhere\n",
    `${FILE}: invalid YAML: Unresolved alias (the anchor must be set before the alias): nowhere`,
  );
});

Deno.test("the document must be a non-empty mapping", () => {
  assertSpecError("", `${FILE}: is empty; expected a mapping of keys`);
  assertSpecError("# only a comment\n", `${FILE}: is empty; expected a mapping of keys`);
  assertSpecError("- name\n- version\n", `${FILE}: must be a mapping of keys, got a list`);
  assertSpecError("just text\n", `${FILE}: must be a mapping of keys, got "just text"`);
});

Deno.test("name and version are required; version must be x.y.z", () => {
  assertSpecError("version: 0.1.0\n", `${FILE}: name: is required but empty`);
  assertSpecError("name:\nversion: 0.1.0\n", `${FILE}: name: is required but empty`);
  assertSpecError("name: '  '\nversion: 0.1.0\n", `${FILE}: name: is required but empty`);
  assertSpecError("name: Iris\n", `${FILE}: version: is required but empty`);
  assertSpecError(
    "name: Iris\nversion: '1.0'\n",
    `${FILE}: version: must be a version x.y.z (e.g. 0.1.0), got "1.0"`,
  );
  assertSpecError(
    "name: Iris\nversion: 1.0\n",
    `${FILE}: version: must be a version x.y.z (e.g. 0.1.0), got 1`,
  );
  assertSpecError(
    "name: Iris\nversion: v0.1.0\n",
    `${FILE}: version: must be a version x.y.z (e.g. 0.1.0), got "v0.1.0"`,
  );
  assertSpecError(
    "name: [Iris]\nversion: 0.1.0\n",
    `${FILE}: name: must be text, got a list`,
  );
});

Deno.test("features are checked: batch size a whole number >= 1, flags booleans", () => {
  assertSpecError(
    minimal("features: {maxBatchSize: abc}\n"),
    `${FILE}: features.maxBatchSize: must be a whole number >= 1, got "abc"`,
  );
  assertSpecError(
    minimal("features: {maxBatchSize: 0}\n"),
    `${FILE}: features.maxBatchSize: must be a whole number >= 1, got 0`,
  );
  assertSpecError(
    minimal("features: {maxBatchSize: 1.5}\n"),
    `${FILE}: features.maxBatchSize: must be a whole number >= 1, got 1.5`,
  );
  assertSpecError(
    minimal("features: {retrainable: yes}\n"),
    `${FILE}: features.retrainable: must be true or false, got "yes"`,
  );
  assertSpecError(
    minimal("features: {resultsFormat: {a: 1}}\n"),
    `${FILE}: features.resultsFormat: must be text, got a mapping`,
  );
  assertSpecError(
    minimal("features: [1]\n"),
    `${FILE}: features: must be a mapping, got a list`,
  );
});

Deno.test("resources are checked: size text, cpu count a number, gpu count whole", () => {
  assertSpecError(
    minimal("resources: {cpu: {count: two}}\n"),
    `${FILE}: resources.cpu.count: must be a number >= 0, got "two"`,
  );
  assertSpecError(
    minimal("resources: {cpu: {count: -1}}\n"),
    `${FILE}: resources.cpu.count: must be a number >= 0, got -1`,
  );
  assertSpecError(
    minimal("resources: {gpu: {count: 1.5}}\n"),
    `${FILE}: resources.gpu.count: must be a whole number >= 0, got 1.5`,
  );
  assertSpecError(
    minimal("resources: {memory: {size: lots}}\n"),
    `${FILE}: resources.memory.size: must be a size like 64K, 1M, 10MB or 1Gi, got "lots"`,
  );
  assertSpecError(
    minimal("resources: {memory: 512Mi}\n"),
    `${FILE}: resources.memory: must be a mapping, got "512Mi"`,
  );
  const spec = parseModelSpec(minimal("resources: {cpu: {count: 0.5}, gpu: {count: 2}}\n"), FILE);
  assert.deepEqual(spec.resources, { memory: "", cpus: 0.5, gpus: 2 });
});

Deno.test("a malformed duration is an error naming its key", () => {
  assertSpecError(
    minimal("timeout: {status: soon}\n"),
    `${FILE}: timeout.status: must be a duration like 20s, 500ms, 2m or 1h, got "soon"`,
  );
  assertSpecError(
    minimal("timeout: {status: 20s, run: 20 sec}\n"),
    `${FILE}: timeout.run: must be a duration like 20s, 500ms, 2m or 1h, got "20 sec"`,
  );
});

Deno.test("inputs and outputs are checked per file", () => {
  assertSpecError(
    minimal("inputs: [input.json]\n"),
    `${FILE}: inputs: must be a mapping, got a list`,
  );
  assertSpecError(
    minimal("inputs:\n  input.json: [application/json]\n"),
    `${FILE}: inputs.input.json: must be a mapping, got a list`,
  );
  assertSpecError(
    minimal("inputs:\n  ../input.json: {}\n"),
    `${FILE}: inputs.../input.json: must be a plain file name, not a path`,
  );
  assertSpecError(
    minimal("inputs:\n  input.json: {acceptedMediaTypes: application/json}\n"),
    `${FILE}: inputs.input.json.acceptedMediaTypes: must be a list, got "application/json"`,
  );
  assertSpecError(
    minimal("inputs:\n  input.json: {acceptedMediaTypes: [text/plain, {a: 1}]}\n"),
    `${FILE}: inputs.input.json.acceptedMediaTypes[1]: must be text, got a mapping`,
  );
  assertSpecError(
    minimal("inputs:\n  input.json: {maxSize: huge}\n"),
    `${FILE}: inputs.input.json.maxSize: must be a size like 64K, 1M, 10MB or 1Gi, got "huge"`,
  );
  assertSpecError(
    minimal("outputs:\n  results.json: {maxSize: 1X}\n"),
    `${FILE}: outputs.results.json.maxSize: must be a size like 64K, 1M, 10MB or 1Gi, got "1X"`,
  );
  assertSpecError(
    minimal("inputs:\n  data.json: {}\noutputs:\n  data.json: {}\n"),
    `${FILE}: outputs.data.json: is also declared under inputs; a file is either an input or an output`,
  );
});

Deno.test("metrics are checked per entry, naming the index", () => {
  assertSpecError(
    minimal("metrics:\n  - {label: A, value: 1}\n  - Accuracy\n"),
    `${FILE}: metrics[1]: must be a mapping, got "Accuracy"`,
  );
  assertSpecError(
    minimal("metrics:\n  - {label: A, value: high}\n"),
    `${FILE}: metrics[0].value: must be a number, got "high"`,
  );
  assertSpecError(
    minimal("metrics: {label: A}\n"),
    `${FILE}: metrics: must be a list, got a mapping`,
  );
});

Deno.test("module needs an id; its config must be a mapping", () => {
  assertSpecError(minimal("module: {config: {}}\n"), `${FILE}: module.id: is required but empty`);
  assertSpecError(
    minimal("module: {id: tabular, config: [a]}\n"),
    `${FILE}: module.config: must be a mapping, got a list`,
  );
  assertSpecError(
    minimal("module: tabular\n"),
    `${FILE}: module: must be a mapping, got "tabular"`,
  );
  const spec = parseModelSpec(minimal("module: {id: tabular}\n"), FILE);
  assert.deepEqual(spec.module, { id: "tabular", config: {} });
});

Deno.test("module.code names the bundle's model code: id then optional, path inside the folder", () => {
  assert.deepEqual(parseModelSpec(minimal("module: {code: model.ts}\n"), FILE).module, {
    id: "",
    code: "model.ts",
    config: {},
  });
  assert.deepEqual(
    parseModelSpec(minimal("module: {code: src/model.js, id: mine, config: {k: 1}}\n"), FILE)
      .module,
    { id: "mine", code: "src/model.js", config: { k: 1 } },
  );
  for (
    const [code, problem] of [
      ["../shared.ts", "no '.', '..' or empty segment"],
      ["/abs/model.ts", "relative to the version folder"],
      ["model.py", "TypeScript or JavaScript file"],
    ]
  ) {
    assert.throws(
      () => parseModelSpec(minimal(`module: {code: ${code}}\n`), FILE),
      (error: Error) =>
        error.message.startsWith(`${FILE}: module.code: `) &&
        error.message.includes(problem),
      code,
    );
  }
});

Deno.test("descriptive sections of the wrong shape name their key", () => {
  assertSpecError(
    minimal("description: [a, b]\n"),
    `${FILE}: description: must be a mapping, got a list`,
  );
  assertSpecError(
    minimal("description: {summary: {a: 1}}\n"),
    `${FILE}: description.summary: must be text, got a mapping`,
  );
  assertSpecError(minimal("tags: tabular\n"), `${FILE}: tags: must be a list, got "tabular"`);
  assertSpecError(minimal("tags: [a, null]\n"), `${FILE}: tags[1]: must be text, got nothing`);
});

Deno.test("scalars written as numbers are taken as the text they spell", () => {
  const spec = parseModelSpec(minimal("specification: 0.4\nauthor: 2024\n"), FILE);
  assert.equal(spec.specification, "0.4");
  assert.equal(spec.author, "2024");
});

Deno.test("an unresolved YAML tag is an error with its position, not a printed warning", () => {
  assert.throws(
    () => parseModelSpec("name: !custom Iris\nversion: 0.1.0\n", "/b/0.1.0/model.yaml"),
    (error: Error) => {
      assert.match(
        error.message,
        /^\/b\/0\.1\.0\/model\.yaml: line 1, column 7: invalid YAML: .*!custom/,
      );
      return true;
    },
  );
});

Deno.test("a YAML alias inside the node it names is an error, not a stack overflow", () => {
  assert.throws(
    () => parseModelSpec("name: &a\n  run: *a\nversion: 0.1.0\n", "/b/0.1.0/model.yaml"),
    (error: RuntimeError) => {
      assert.equal(
        error.message,
        "/b/0.1.0/model.yaml: invalid YAML: an alias refers to a node that contains it",
      );
      return true;
    },
  );
});
