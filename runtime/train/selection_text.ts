/**
 * `--model auto`'s choice in words: one sentence for model.yaml's technical
 * description and a table for report.md, each candidate with its
 * validation figure (four decimals, so the files stay byte-identical for the
 * same data and seed).
 *
 * @module
 */
import type { ModelSelection } from "./train_types.ts";

/**
 * The selection in one sentence for model.yaml: what was tried on which
 * rows, each candidate's validation figure, and what was chosen.
 */
export function selectionText(selection: ModelSelection, trainRows: number): string {
  const scores = selection.candidates.map((candidate) =>
    candidate.failed === undefined
      ? `${candidate.kind} ${candidate.score.toFixed(4)}`
      : `${candidate.kind} not fitted (${candidate.failed})`
  ).join(", ");
  return `Model selection (--model auto): ${
    selection.candidates.map((candidate) => candidate.kind).join(", ")
  } were each fitted on ${selection.fitRows} of the training rows and scored on ` +
    `${selection.validationRows} others (validation ${selection.metric}: ${scores}); ` +
    `${selection.chosen} scored best and was refitted on all ${trainRows} training rows.`;
}

/** The selection as report.md lines: a short paragraph and a table of the candidates. */
export function selectionMarkdown(selection: ModelSelection): string[] {
  return [
    `Model selection (\`--model auto\`): each candidate was fitted on ${selection.fitRows} ` +
    `training rows and scored on ${selection.validationRows} others; **${selection.chosen}** ` +
    `was chosen and refitted on all training rows.`,
    "",
    `| candidate | validation ${selection.metric} | validation ${selection.lossName} | chosen |`,
    "|---|---:|---:|:---:|",
    ...selection.candidates.map((candidate) =>
      candidate.failed === undefined
        ? `| ${candidate.kind} | ${candidate.score.toFixed(4)} | ${candidate.loss.toFixed(4)} | ` +
          `${candidate.kind === selection.chosen ? "✓" : ""} |`
        : `| ${candidate.kind} | not fitted: ${candidate.failed} | | |`
    ),
    "",
  ];
}
