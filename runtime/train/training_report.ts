/**
 * The training report written into every bundle: `report.svg` (the loss
 * curve, the validation-accuracy curve and the holdout confusion matrix, one
 * picture) and `report.md` (the same facts in words, linking the picture).
 * Only deterministic facts go in, so retraining writes identical files.
 *
 * @module
 */
import type { ClassificationMetrics } from "./metrics.ts";
import type { TrainingCurve } from "./training_curve.ts";
import { selectionMarkdown } from "./selection_text.ts";
import type { ModelSelection } from "./train_types.ts";

/** Name of the picture in the bundle. */
export const REPORT_SVG = "report.svg";
/** Name of the text report in the bundle. */
export const REPORT_MD = "report.md";

/** What the report shows. */
export interface ReportFacts {
  /** Model name. */
  readonly name: string;
  /** One line describing the model and data. */
  readonly summary: string;
  /** The learning curve. */
  readonly curve: TrainingCurve;
  /** Holdout figures (with the confusion matrix). */
  readonly metrics: ClassificationMetrics;
  /** Class labels in matrix order. */
  readonly classLabels: readonly string[];
  /** What `--model auto` tried and chose, when it chose. */
  readonly selection?: ModelSelection;
}

/** Text made safe for SVG/XML content and attributes. */
export const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** A coordinate with two decimals (0 when not finite). */
export const fixed = (value: number): string => Number.isFinite(value) ? value.toFixed(2) : "0";

/** One line chart of `values` in a `width` x `height` box at (x, y); `range` fixes the y axis. */
export function lineChart(
  title: string,
  values: readonly number[],
  box: { x: number; y: number; width: number; height: number },
  range?: [number, number],
): string {
  const finite = values.filter(Number.isFinite);
  const low = range ? range[0] : Math.min(...finite, 0);
  const high = range ? range[1] : Math.max(...finite, low + 1e-9);
  const span = high - low || 1;
  const points = values.map((value, index) => {
    const px = box.x + (values.length <= 1 ? 0 : (index / (values.length - 1)) * box.width);
    const clamped = Number.isFinite(value) ? value : low;
    const py = box.y + box.height - ((clamped - low) / span) * box.height;
    return `${fixed(px)},${fixed(py)}`;
  }).join(" ");
  const last = finite.length > 0 ? finite[finite.length - 1] : NaN;
  return [
    `<text x="${box.x}" y="${box.y - 8}" font-size="13" font-weight="bold">${
      escapeXml(title)
    } (last ${Number.isFinite(last) ? last.toFixed(4) : "n/a"})</text>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" ` +
    `fill="none" stroke="#999"/>`,
    `<text x="${box.x - 4}" y="${box.y + 10}" font-size="10" text-anchor="end">${
      high.toPrecision(3)
    }</text>`,
    `<text x="${box.x - 4}" y="${box.y + box.height}" font-size="10" text-anchor="end">${
      low.toPrecision(3)
    }</text>`,
    `<text x="${box.x + box.width}" y="${box.y + box.height + 14}" font-size="10" ` +
    `text-anchor="end">${values.length}</text>`,
    values.length > 0
      ? `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${points}"/>`
      : "",
  ].join("\n");
}

/** The confusion matrix as a heat map at (x, y). */
function confusionChart(facts: ReportFacts, x: number, y: number, size: number): string {
  const n = facts.classLabels.length;
  const cell = size / n;
  const largest = Math.max(1, ...facts.metrics.confusion.flat());
  const parts = [
    `<text x="${x}" y="${y - 8}" font-size="13" font-weight="bold">Holdout confusion matrix ` +
    `(rows: true, columns: predicted)</text>`,
  ];
  facts.metrics.confusion.forEach((row, r) =>
    row.forEach((count, c) => {
      const shade = Math.round(255 - (count / largest) * 200);
      const colour = r === c ? `rgb(${shade},${255},${shade})` : `rgb(255,${shade},${shade})`;
      parts.push(
        `<rect x="${fixed(x + c * cell)}" y="${fixed(y + r * cell)}" width="${fixed(cell)}" ` +
          `height="${fixed(cell)}" fill="${colour}" stroke="#fff"/>`,
      );
      if (n <= 12) {
        parts.push(
          `<text x="${fixed(x + (c + 0.5) * cell)}" y="${fixed(y + (r + 0.5) * cell + 4)}" ` +
            `font-size="11" text-anchor="middle">${count}</text>`,
        );
      }
    })
  );
  facts.classLabels.forEach((label, index) => {
    if (n > 12) return;
    const shown = escapeXml(label.length > 14 ? `${label.slice(0, 13)}…` : label);
    parts.push(
      `<text x="${x - 4}" y="${fixed(y + (index + 0.5) * cell + 4)}" font-size="10" ` +
        `text-anchor="end">${shown}</text>`,
      `<text x="${fixed(x + (index + 0.5) * cell)}" y="${y + size + 14}" font-size="10" ` +
        `text-anchor="middle">${shown}</text>`,
    );
  });
  return parts.join("\n");
}

/** The SVG picture. */
export function reportSvg(facts: ReportFacts): string {
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
    lineChart(`Validation accuracy per ${unit}`, facts.curve.validationAccuracy, {
      x: 60,
      y: 260,
      width: 240,
      height: 120,
    }, [0, 1]),
    confusionChart(facts, 480, 80, 300),
    `</svg>`,
    "",
  ].join("\n");
}

/** The Markdown report. */
export function reportMarkdown(facts: ReportFacts): string {
  const { metrics, curve } = facts;
  const header = `| true \\ predicted | ${facts.classLabels.join(" | ")} |`;
  const rule = `|---|${facts.classLabels.map(() => "---:").join("|")}|`;
  const rows = metrics.confusion.map((row, index) =>
    `| ${facts.classLabels[index]} | ${row.join(" | ")} |`
  );
  const perClass = metrics.perClass.map((entry) =>
    `| ${entry.label} | ${entry.precision.toFixed(4)} | ${entry.recall.toFixed(4)} | ` +
    `${entry.f1.toFixed(4)} | ${entry.support} |`
  );
  const lastLoss = curve.loss.length > 0 ? curve.loss[curve.loss.length - 1].toFixed(6) : "n/a";
  return [
    `# ${facts.name}: training report`,
    "",
    facts.summary,
    "",
    `![loss, validation accuracy and confusion matrix](${REPORT_SVG})`,
    "",
    `Holdout accuracy **${metrics.accuracy.toFixed(4)}**, macro F1 ` +
    `**${metrics.macroF1.toFixed(4)}**.`,
    "",
    `Learning curve: ${curve.loss.length} ${curve.unit}s, final training loss ${lastLoss}; ` +
    `validation accuracy measured on ${curve.validationRows}.`,
    "",
    ...(facts.selection ? selectionMarkdown(facts.selection) : []),
    "| class | precision | recall | F1 | rows |",
    "|---|---:|---:|---:|---:|",
    ...perClass,
    "",
    "Confusion matrix on the holdout rows:",
    "",
    header,
    rule,
    ...rows,
    "",
  ].join("\n");
}
