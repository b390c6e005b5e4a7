/**
 * The documentation stays true to the tree: in README.md and docs/*.md every
 * relative link resolves to a file or folder (and a `#fragment` into a
 * Markdown file to one of its headings), every repository path quoted in a
 * code span exists, and the README's Layout block lists exactly the folders
 * of runtime/. The README stays a door — at most 200 lines — and shows the
 * exact test command CI runs in a ```sh block.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, normalize } from "node:path";
import { PROJECT_ROOT } from "./support/cli.ts";

/** Top-level folders whose paths, quoted in a code span, must exist. */
const CHECKED_ROOTS = [
  ".ci/",
  "asset_bundle/",
  "bench/",
  "data/",
  "deploy/",
  "docs/",
  "protos/",
  "runtime/",
  "scripts/",
  "tests/",
];

/** The exact command CI runs (.ci/run), as a newcomer types it. */
const TEST_COMMAND = "npx -y deno@2.8.3 task test";

async function documentationFiles(): Promise<string[]> {
  const files = ["README.md"];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, "docs"))) {
    if (entry.isFile && entry.name.endsWith(".md")) files.push(`docs/${entry.name}`);
  }
  return files.sort();
}

function read(file: string): string {
  return Deno.readTextFileSync(join(PROJECT_ROOT, file));
}

function exists(path: string): boolean {
  try {
    Deno.statSync(join(PROJECT_ROOT, path));
    return true;
  } catch {
    return false;
  }
}

/** The text outside fenced code blocks. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm, "");
}

/** The fenced code blocks: their info string and body. */
function fencedBlocks(markdown: string): { info: string; body: string }[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)]
    .map((match) => ({ info: match[1].trim(), body: match[2] }));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as `-`. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/`/g, "").replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = slug(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Relative link targets (`[text](target)`) outside code. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

Deno.test("docs: every relative link in README.md and docs/*.md resolves", async () => {
  const broken: string[] = [];
  for (const file of await documentationFiles()) {
    for (const target of relativeLinks(read(file))) {
      const [path, fragment] = target.split("#", 2);
      const resolved = path === "" ? file : normalize(join(dirname(file), path));
      if (resolved.startsWith("..") || !exists(resolved)) {
        broken.push(`${file}: (${target}) -> ${resolved} does not exist`);
        continue;
      }
      if (fragment !== undefined && resolved.endsWith(".md")) {
        if (!anchors(read(resolved)).has(fragment)) {
          broken.push(`${file}: (${target}) -> no heading #${fragment} in ${resolved}`);
        }
      }
    }
  }
  assert.deepEqual(broken, [], `broken links:\n${broken.join("\n")}`);
});

Deno.test("docs: every repository path quoted in README.md and docs/*.md exists", async () => {
  const missing: string[] = [];
  for (const file of await documentationFiles()) {
    for (const match of prose(read(file)).matchAll(/`([^`\n]+)`/g)) {
      const path = match[1];
      if (!CHECKED_ROOTS.some((root) => path.startsWith(root))) continue;
      if (/[\s*<>{}…|]/.test(path)) continue; // a pattern or a placeholder, not one path
      if (!exists(path)) missing.push(`${file}: \`${path}\``);
    }
  }
  assert.deepEqual(missing, [], `paths that do not exist:\n${missing.join("\n")}`);
});

Deno.test("docs: the README's Layout block lists exactly the folders of runtime/", () => {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("## Layout"));
  const block = fencedBlocks(section)[0];
  assert.ok(block, "README.md has a ```-block under ## Layout");
  const listed: string[] = [];
  const missing: string[] = [];
  for (const line of block.body.split("\n")) {
    const match = line.match(/^( *)(\S+)/);
    // Names stand at the margin (the repository) or two spaces in (runtime/); a line
    // indented further continues the description above it.
    if (!match || match[1].length > 2) continue;
    const path = match[1].length > 0 ? `runtime/${match[2]}` : match[2];
    listed.push(path.replace(/\/$/, ""));
    if (!exists(path)) missing.push(path);
  }
  assert.deepEqual(missing, [], "README Layout names paths that do not exist");
  const runtimeFolders = [...Deno.readDirSync(join(PROJECT_ROOT, "runtime"))]
    .filter((entry) => entry.isDirectory)
    .map((entry) => `runtime/${entry.name}`);
  const unlisted = runtimeFolders.filter((folder) =>
    !listed.some((path) => path === folder || path.startsWith(`${folder}/`))
  );
  assert.deepEqual(unlisted, [], "folders of runtime/ missing from the README's Layout");
});

Deno.test("docs: README.md is at most 200 lines and shows the exact test command", () => {
  const readme = read("README.md");
  const lines = readme.trimEnd().split("\n").length;
  assert.ok(
    lines <= 200,
    `README.md has ${lines} lines; keep it at most 200 (move detail to docs/)`,
  );
  const shBlocks = fencedBlocks(readme).filter((block) => block.info === "sh");
  assert.ok(
    shBlocks.some((block) => block.body.split("\n").some((line) => line.trim() === TEST_COMMAND)),
    `README.md shows \`${TEST_COMMAND}\` on its own line in a \`\`\`sh block`,
  );
  assert.match(read(".ci/run"), /"\$\{DENO\[@\]\}" task test\s*$/, ".ci/run ends with task test");
  assert.ok(readme.includes("](docs/"), "README.md links into docs/");
});
