/**
 * Small, deterministic training CSVs for the trainer's acceptance tests:
 * numeric blobs, Caikit-style `text,label`, mixed columns, gaps, binary.
 *
 * @module
 */

/** A seeded uniform generator in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Numeric features around one centre per class. */
export function numericCsv(classes: string[], perClass: number, features = 3, seed = 1): string {
  const random = seeded(seed);
  const header = [...Array.from({ length: features }, (_, f) => `x${f}`), "label"].join(",");
  const rows: string[] = [];
  for (let i = 0; i < perClass; i++) {
    classes.forEach((label, c) => {
      const values = Array.from(
        { length: features },
        (_, f) => (3 * ((c + f) % classes.length) + gaussian(random)).toFixed(3),
      );
      rows.push([...values, label].join(","));
    });
  }
  return `${header}\n${rows.join("\n")}\n`;
}

const TOPICS: Record<string, string[]> = {
  sports: ["the team won the match", "a great goal in the final", "the coach praised players"],
  weather: ["heavy rain is expected", "sunny skies and warm wind", "a storm hits the coast"],
  cooking: ["add salt to the soup", "bake the bread for an hour", "a recipe with fresh garlic"],
  music: [
    "the band played a new song",
    "a concert with loud guitars",
    "the singer released an album",
  ],
};

/** A Caikit-sample-shaped `text,label` CSV: sentences from four topics, quoted. */
export function textCsv(perClass: number, seed = 2): string {
  const random = seeded(seed);
  const fillers = ["today", "again", "they said", "last night", "this week", "of course"];
  const rows: string[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const [label, phrases] of Object.entries(TOPICS)) {
      const phrase = phrases[Math.floor(random() * phrases.length)];
      const filler = fillers[Math.floor(random() * fillers.length)];
      rows.push(`"${phrase}, ${filler}",${label}`);
    }
  }
  return `text,label\n${rows.join("\n")}\n`;
}

/** Numeric, categorical and text columns together; `gaps` leaves some `age` cells empty. */
export function mixedCsv(perClass: number, gaps = false, seed = 3): string {
  const random = seeded(seed);
  const labels = ["bronze", "gold", "silver"];
  const colours = ["red", "green", "blue"];
  const notes = ["pays late often", "always pays on time", "sometimes pays late"];
  const rows: string[] = [];
  for (let i = 0; i < perClass; i++) {
    labels.forEach((label, c) => {
      const age = gaps && i % 5 === 1 ? "" : (30 + 10 * c + 4 * gaussian(random)).toFixed(1);
      const colour = colours[(c + (random() < 0.2 ? 1 : 0)) % 3];
      rows.push(`${age},${colour},"${notes[c]} ${i % 3 === 0 ? "indeed" : ""}",${label}`);
    });
  }
  return `age,colour,note,tier\n${rows.join("\n")}\n`;
}

/** Numeric columns with empty cells (every 4th row misses `x1`). */
export function gapsCsv(perClass: number, seed = 4): string {
  const lines = numericCsv(["a", "b", "c"], perClass, 3, seed).trim().split("\n");
  return lines.map((line, index) => {
    if (index === 0 || index % 4 !== 2) return line;
    const cells = line.split(",");
    cells[1] = "";
    return cells.join(",");
  }).join("\n") + "\n";
}

/**
 * A regression CSV with every column kind: `size` (numeric, every 7th cell
 * empty), `colour` (categorical), `note` (free text) and the target `price`
 * = 3·size + a colour effect + a word effect + noise (non-integer, so the
 * task is guessed as regression).
 */
export function regressionCsv(rows: number, seed = 5): string {
  const random = seeded(seed);
  const colours = ["red", "green", "blue"];
  const notes = ["needs some repair work", "brand new and shiny", "used but in good shape"];
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const size = 10 + 20 * random();
    const colour = Math.floor(random() * 3);
    const note = Math.floor(random() * 3);
    const price = 3 * size + 15 * colour + [-10, 20, 5][note] + gaussian(random);
    const sizeCell = i % 7 === 3 ? "" : size.toFixed(2);
    lines.push(`${sizeCell},${colours[colour]},"${notes[note]}",${price.toFixed(3)}`);
  }
  return `size,colour,note,price\n${lines.join("\n")}\n`;
}
