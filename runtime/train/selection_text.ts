/**
 * `--model auto`'s choice in words: one sentence for model.yaml's technical
 * description and a table for report.md, each candidate with its
 * validation figure (four decimals, so the files stay byte-identical for the
 * same data and seed).
 *
 * @module
 */
import type { ModelSelection } from "./train_types.ts";

/** How the candidates were scored, in words. */
function howScored(selection: ModelSelection): string {
  return selection.folds > 1
    ? `scored by ${selection.folds}-fold cross-validation over the ${selection.validationRows} ` +
      `training rows, each fold fitted on about ${selection.fitRows} of them and every row ` +
      `scored once`
    : `fitted on ${selection.fitRows} of the training rows and scored on ` +
      `${selection.validationRows} others`;
}

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
  } were each ${howScored(selection)} (validation ${selection.metric}: ${scores}); ` +
    (selection.best === selection.chosen
      ? `${selection.chosen} scored best and was`
      : `${selection.best} scored best, but ${selection.chosen} came within one standard ` +
        `error of it and is simpler, so ${selection.chosen} was chosen and`) +
    ` refitted on all ${trainRows} training rows.`;
}

/** The selection as report.md lines: a short paragraph and a table of the candidates. */
export function selectionMarkdown(selection: ModelSelection): string[] {
  return [
    `Model selection (\`--model auto\`): each candidate was ${howScored(selection)}; ` +
    `**${selection.chosen}** was chosen ` +
    (selection.best === selection.chosen
      ? "(the best score)"
      : `(within one standard error of ${selection.best}'s best score, and simpler)`) +
    " and refitted on all training rows.",
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
