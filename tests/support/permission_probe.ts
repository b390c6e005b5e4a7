/**
 * Run under a permission set to see what it allows: tries to read and write
 * each path given as `read:<path>` / `write:<path>` and asks about
 * `net:<host:port>`, printing one JSON object of outcomes ("granted" or the
 * error name, e.g. "NotCapable").
 *
 * @module
 */
const outcomes: Record<string, string> = {};
for (const probe of Deno.args) {
  const [kind, target] = [probe.slice(0, probe.indexOf(":")), probe.slice(probe.indexOf(":") + 1)];
  try {
    if (kind === "read") Deno.readFileSync(target);
    else if (kind === "write") Deno.writeTextFileSync(target, "probe");
    else if (kind === "net") {
      const [hostname, port] = target.split(":");
      const state = (await Deno.permissions.query({ name: "net", host: `${hostname}:${port}` }))
        .state;
      if (state !== "granted") throw Object.assign(new Error(state), { name: "NotCapable" });
    }
    outcomes[probe] = "granted";
  } catch (error) {
    outcomes[probe] = (error as Error).name;
  }
}
console.log(JSON.stringify(outcomes));
