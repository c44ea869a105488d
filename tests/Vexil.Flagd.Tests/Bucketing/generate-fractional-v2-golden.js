// Regenerates fractional-v2-golden.json (not run by the build): npm install @openfeature/flagd-core@4.0.1, then
// node generate-fractional-v2-golden.js > out.json and keep only ASCII keys (see the file's "about").
const { FlagdCore } = require('@openfeature/flagd-core');
const flags = { flags: {
  "rollout": { state: "ENABLED", defaultVariant: "none",
    variants: { a: "a", b: "b", c: "c", d: "d", e: "e", f: "f", g: "g", none: "none" },
    targeting: { fractional: [["a", 1], ["b", 7], ["c", 13], ["d", 29], ["e", 0], ["f", 50], ["g", 900]] } },
  "by-email": { state: "ENABLED", defaultVariant: "none",
    variants: { x: "x", y: "y", z: "z", none: "none" },
    targeting: { fractional: [{ var: "email" }, ["x", 33], ["y", 33], ["z", 34]] } } } };
const core = new FlagdCore();
core.setConfigurations(JSON.stringify(flags));
const out = [];
const keys = ["", "a", "user-1", "user-2", "jon@company.com", "Ünïcödé-ключ-🚀", "x".repeat(300), "0", "null", " "];
for (let i = 0; i < 40; i++) keys.push("key-" + i * 7919);
for (const k of keys) {
  if (k !== "") {
    const r = core.resolveStringEvaluation("rollout", "fallback", { targetingKey: k });
    out.push({ flag: "rollout", targetingKey: k, variant: r.value });
  }
  const r2 = core.resolveStringEvaluation("by-email", "fallback", { email: k });
  out.push({ flag: "by-email", email: k, variant: r2.value });
}
console.log(JSON.stringify({ flags, vectors: out }, null, 1));
