/** docker_metadata.yaml parsing and its errors. */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseDockerMetadata } from "../../../runtime/bundle/docker_metadata.ts";

const FILE = "/bundle/0.1.0/docker_metadata.yaml";

function assertMetadataError(text: string, message: string): void {
  assert.throws(
    () => parseDockerMetadata(text, FILE),
    (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.kind, "internal");
      assert.equal(error.message, message);
      return true;
    },
  );
}

Deno.test("docker_metadata.yaml reads its registries and id", () => {
  const metadata = parseDockerMetadata(
    `dockerMetadata:
  - registry: registry.example.com
    repo_prefix: models
    repo_suffix: iris
  - {registry: other.io, repo_prefix: ml, repo_suffix: iris-classifier}
id: 8f3a2c
`,
    FILE,
  );
  assert.deepEqual(metadata, {
    dockerMetadata: [
      { registry: "registry.example.com", repo_prefix: "models", repo_suffix: "iris" },
      { registry: "other.io", repo_prefix: "ml", repo_suffix: "iris-classifier" },
    ],
    id: "8f3a2c",
  });
});

Deno.test("an empty template reads as empty text and no registries", () => {
  assert.deepEqual(parseDockerMetadata("dockerMetadata:\nid:\n", FILE), {
    dockerMetadata: [],
    id: "",
  });
  assert.deepEqual(parseDockerMetadata("dockerMetadata:\n  - registry:\nid: 12\n", FILE), {
    dockerMetadata: [{ registry: "", repo_prefix: "", repo_suffix: "" }],
    id: "12",
  });
});

Deno.test("docker_metadata.yaml errors name the file and key", () => {
  assertMetadataError(
    "dockerMetadata: registry.example.com\n",
    `${FILE}: dockerMetadata: must be a list, got "registry.example.com"`,
  );
  assertMetadataError(
    "dockerMetadata:\n  - registry.example.com\n",
    `${FILE}: dockerMetadata[0]: must be a mapping, got "registry.example.com"`,
  );
  assertMetadataError(
    "dockerMetadata:\n  - {registry: [a]}\n",
    `${FILE}: dockerMetadata[0].registry: must be text, got a list`,
  );
  assertMetadataError("id: {a: 1}\n", `${FILE}: id: must be text, got a mapping`);
  assertMetadataError(
    "id: [a\n",
    `${FILE}: line 2, column 1: invalid YAML: ` +
      "Flow sequence in block collection must be sufficiently indented and end with a ]",
  );
  assertMetadataError("", `${FILE}: is empty; expected a mapping of keys`);
});
