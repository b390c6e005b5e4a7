/**
 * Reads docker_metadata.yaml, the file beside model.yaml that says where the
 * model's container image is pushed and which platform id it has.
 *
 * @module
 */
import { bundleError } from "./errors.ts";
import type { DockerMetadata } from "./types.ts";
import { describeYamlValue, parseYamlMapping } from "./yaml_document.ts";
import { childKey, type FieldScope, itemKey, readList, readText } from "./yaml_fields.ts";

/**
 * Parses and validates the text of a docker_metadata.yaml file
 * (`dockerMetadata: [{registry, repo_prefix, repo_suffix}]`, `id`). Empty
 * template values read as `""` (an empty `dockerMetadata` as no entries);
 * values of the wrong shape are `internal` {@link RuntimeError}s reading
 * `<file>: <key>: <what is wrong>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDockerMetadata } from "./docker_metadata.ts";
 * const metadata = parseDockerMetadata(
 *   "dockerMetadata:\n  - {registry: r.io, repo_prefix: ml, repo_suffix: iris}\nid: abc\n",
 *   "docker_metadata.yaml",
 * );
 * assert.equal(metadata.dockerMetadata[0].registry, "r.io");
 * ```
 */
export function parseDockerMetadata(text: string, file: string): DockerMetadata {
  const root = parseYamlMapping(text, file);
  const scope: FieldScope = { file, missing: [] };
  const entries = readList(scope, root.get("dockerMetadata"), "dockerMetadata").map(
    (entry, index) => {
      const key = itemKey("dockerMetadata", index);
      if (!(entry instanceof Map)) {
        throw bundleError(file, key, `must be a mapping, got ${describeYamlValue(entry)}`);
      }
      const field = (name: string) => readText(scope, entry.get(name), childKey(key, name));
      return {
        registry: field("registry"),
        repo_prefix: field("repo_prefix"),
        repo_suffix: field("repo_suffix"),
      };
    },
  );
  return { dockerMetadata: entries, id: readText(scope, root.get("id"), "id") };
}
