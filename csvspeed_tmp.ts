import { parse } from "csv-parse";
import { createReadStream } from "node:fs";
const variant = Deno.args[1];
const opts: Record<string, unknown> = variant === "plain" ? { bom: true, relax_column_count: true, skip_empty_lines: true } : variant === "trim" ? { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true } : { bom: true, info: true, relax_column_count: true, skip_empty_lines: true };
const t0 = performance.now();
let rows = 0, cells = 0;
const parser = parse(opts);
parser.on("readable", () => { let r; while ((r = parser.read()) !== null) { rows++; cells += (r.record ?? r).length; } });
const done = new Promise((res, rej) => { parser.on("end", res); parser.on("error", rej); });
const file = await Deno.open(Deno.args[0]);
const buf = new Uint8Array(1 << 20);
for (;;) { const n = await file.read(buf); if (n === null) break; parser.write(buf.slice(0, n)); await new Promise((r) => setTimeout(r, 0)); }
parser.end();
await done;
console.log(variant, rows, cells, (performance.now() - t0) / 1000, "s", Deno.memoryUsage().rss / 1e6);
