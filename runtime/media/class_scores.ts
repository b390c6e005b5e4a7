/**
 * A classifier's output read as classes: softmax over logits, the top k
 * scores with their labels, and the labels file (one label per line, or a
 * JSON array) that names the classes.
 *
 * @module
 */
import { internalError } from "../base/errors.ts";

/** One class of {@link topK}: its index, its label and its score. */
export interface ClassScore {
  /** Position in the scores (the model's class index). */
  readonly index: number;
  /** The label at that index, or the index as text when there is none. */
  readonly label: string;
  /** The score (a probability after {@link softmax}). */
  readonly score: number;
}

/**
 * Probabilities from `logits`: `exp(x - max) / sum`, stable for large
 * values; an empty input gives an empty output. For a `[N, C]` output apply
 * it to each row.
 */
export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const max = values.reduce((top, value) => Math.max(top, value), -Infinity);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

/**
 * The `k` highest `scores`, highest first (ties by lower index), each with
 * its label from `labels` (by index; the index as text past their end);
 * fewer when there are fewer scores.
 */
export function topK(
  scores: ArrayLike<number>,
  k: number,
  labels: readonly string[] = [],
): ClassScore[] {
  const order = Array.from(scores, (score, index) => ({ score, index }));
  order.sort((a, b) => b.score - a.score || a.index - b.index);
  return order.slice(0, Math.max(0, Math.floor(k))).map(({ score, index }) => ({
    index,
    label: labels[index] ?? String(index),
    score,
  }));
}

/**
 * The labels in `text`: a JSON array of strings, a JSON object from class
 * index to label (`{"0": "cat", "1": "dog"}`), or one label per line
 * (surrounding spaces and a final empty line dropped). `source` names the
 * text in messages.
 */
export function parseLabels(text: string, source = "the labels"): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw internalError(`${source} is not valid JSON: ${(error as Error).message}`);
    }
    const entries: [number, unknown][] = Array.isArray(parsed)
      ? parsed.map((label, index) => [index, label])
      : Object.entries(parsed as Record<string, unknown>).map((
        [key, label],
      ) => [Number(key), label]);
    const labels: string[] = [];
    for (const [index, label] of entries) {
      if (!Number.isInteger(index) || index < 0 || typeof label !== "string") {
        throw internalError(
          `${source} must map class indices to label strings (${
            JSON.stringify(label)
          } at ${index})`,
        );
      }
      labels[index] = label;
    }
    return Array.from(labels, (label, index) => label ?? String(index));
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * The labels of the file at `path` ({@link parseLabels}: one per line or
 * JSON), e.g. `await readLabels(join(context.bundle.dir, "labels.txt"))` in
 * a wrapper's `initialize`; an `internal` RuntimeError when it cannot be
 * read or parsed.
 */
export async function readLabels(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw internalError(`the labels file ${path} cannot be read: ${(error as Error).message}`);
  }
  return parseLabels(text, `the labels file ${path}`);
}
