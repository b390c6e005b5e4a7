/**
 * The training report of a regressor: `report.svg` (the loss curve, the
 * validation R² curve and a predicted-vs-actual scatter plot of the holdout
 * rows with the line of perfect predictions, one picture) and `report.md`
 * (the same facts in words and tables, linking the picture). Only
 * deterministic facts go in, so retraining writes identical files.
 *
 * @module
 */
import type { RegressionMetrics } from "./regression_metrics.ts";
import { escapeXml, fixed, lineChart, REPORT_SVG } from "./training_report.ts";
import type { TrainingCurve } from "./training_curve.ts";
import { selectionMarkdown } from "./selection_text.ts";
import type { ModelSelection } from "./train_types.ts";

/** What a regression report shows. */
export interface RegressionReportFacts {
  /** Model name. */
  readonly name: string;
  /** One line describing the model and data. */
  readonly summary: string;
  /** The label (target) column. */
  readonly labelName: string;
  /** The learning curve (validation R²). */
  readonly curve: TrainingCurve;
  /** Holdout figures. */
  readonly metrics: RegressionMetrics;
  /** The holdout rows' true targets. */
  readonly actual: ArrayLike<number>;
  /** The model's predictions of the same rows. */
  readonly predicted: ArrayLike<number>;
  /** What `--model auto` tried and chose, when it chose. */
  readonly selection?: ModelSelection;
}

/** Predicted (y) against actual (x) in a `size` square at (x, y), with the diagonal. */
function scatterChart(facts: RegressionReportFacts, x: number, y: number, size: number): string {
  const all = [...Array.from(facts.actual), ...Array.from(facts.predicted)].filter(
    Number.isFinite,
  );
  // A loop, not a spread: the holdout may hold many thousands of rows.
  const low = all.length > 0 ? all.reduce((a, b) => Math.min(a, b)) : 0;
  const high = all.length > 0 ? all.reduce((a, b) => Math.max(a, b), low + 1e-9) : 1;
  const span = high - low || 1;
  const px = (value: number) => fixed(x + ((value - low) / span) * size);
  const py = (value: number) => fixed(y + size - ((value - low) / span) * size);
  const parts = [
    `<text x="${x}" y="${y - 8}" font-size="13" font-weight="bold">Holdout: predicted ` +
    `(vertical) against actual (horizontal) ${escapeXml(`'${facts.labelName}'`)}</text>`,
    `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="none" stroke="#999"/>`,
    `<line x1="${px(low)}" y1="${py(low)}" x2="${px(high)}" y2="${py(high)}" stroke="#d62728" ` +
    `stroke-dasharray="4 3"/>`,
    `<text x="${x - 4}" y="${y + 10}" font-size="10" text-anchor="end">${
      high.toPrecision(4)
    }</text>`,
    `<text x="${x - 4}" y="${y + size}" font-size="10" text-anchor="end">${
      low.toPrecision(4)
    }</text>`,
    `<text x="${x + size}" y="${y + size + 14}" font-size="10" text-anchor="end">${
      high.toPrecision(4)
    }</text>`,
  ];
  for (let i = 0; i < facts.actual.length; i++) {
    parts.push(
      `<circle cx="${px(facts.actual[i])}" cy="${py(facts.predicted[i])}" r="2.5" ` +
        `fill="#1f77b4" fill-opacity="0.6"/>`,
    );
  }
  return parts.join("\n");
}

/** The SVG picture of a regression run. */
export function regressionReportSvg(facts: RegressionReportFacts): string {
  const unit = facts.curve.unit;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="420" ` +
    `font-family="sans-serif">`,
    `<rect width="960" height="420" fill="#fff"/>`,
    `<text x="20" y="24" font-size="15" font-weight="bold">${
      escapeXml(`${facts.name}: training report`)
    }</text>`,
    `<text x="20" y="42" font-size="11">${escapeXml(facts.summary)}</text>`,
    lineChart(`Training loss per ${unit}`, facts.curve.loss, {
      x: 60,
      y: 80,
      width: 240,
      height: 140,
    }),
    lineChart(`Validation R² per ${unit}`, facts.curve.validationAccuracy, {
      x: 60,
      y: 260,
      width: 240,
      height: 120,
    }),
    scatterChart(facts, 480, 80, 300),
    `</svg>`,
    "",
  ].join("\n");
}

/** The Markdown report of a regression run. */
export function regressionReportMarkdown(facts: RegressionReportFacts): string {
  const { metrics, curve } = facts;
  const lastLoss = curve.loss.length > 0 ? curve.loss[curve.loss.length - 1].toFixed(6) : "n/a";
  const rows = Array.from(facts.actual).slice(0, 10).map((actual, index) => {
    const predicted = facts.predicted[index];
    return `| ${actual} | ${predicted.toFixed(4)} | ${(predicted - actual).toFixed(4)} |`;
  });
  return [
    `# ${facts.name}: training report`,
    "",
    facts.summary,
    "",
    `![loss, validation R² and predicted against actual](${REPORT_SVG})`,
    "",
    `Holdout RMSE **${metrics.rmse.toFixed(4)}**, MAE **${metrics.mae.toFixed(4)}**, ` +
    `R² **${metrics.r2.toFixed(4)}** (${metrics.rows} rows).`,
    "",
    `Learning curve: ${curve.loss.length} ${curve.unit}s, final training loss ${lastLoss} ` +
    `(on the standardised target); validation R² measured on ${curve.validationRows}.`,
    "",
    ...(facts.selection ? selectionMarkdown(facts.selection) : []),
    "| metric | holdout |",
    "|---|---:|",
    `| RMSE | ${metrics.rmse.toFixed(4)} |`,
    `| MAE | ${metrics.mae.toFixed(4)} |`,
    `| R² | ${metrics.r2.toFixed(4)} |`,
    "",
    `The first ${rows.length} holdout rows, '${facts.labelName}' against the prediction:`,
    "",
    "| actual | predicted | error |",
    "|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
