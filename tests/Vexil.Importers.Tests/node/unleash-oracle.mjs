// Unleash's own evaluation (unleash-client, the Node SDK), for tests/Vexil.Importers.Tests (never for the product).
// The SDK's evaluator runs on an in-memory repository: no network, no metrics, no static context. JSON lines on stdin:
//   {"op":"load","data":{"features":[...],"segments":[...]}}     -> {"ok":true}
//   {"op":"eval","cases":[{"flag":name,"context":{...OpenFeature context...}}]} -> {"results":[{enabled, variant, payload}]}
// The OpenFeature context becomes Unleash's as docs/migration.md says: userId is the targeting key (else the userId
// attribute); sessionId, remoteAddress, environment, appName and currentTime are top-level; every other attribute is a property.
import { createRequire } from 'node:module';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const UnleashClient = require('unleash-client/lib/client.js').default;
const { defaultStrategies } = require('unleash-client/lib/strategy/index.js');

const standard = ['sessionId', 'remoteAddress', 'environment', 'appName', 'currentTime'];
let client = null;

function load(data) {
  const toggles = new Map((data.features ?? []).map((f) => [f.name, f]));
  const segments = new Map((data.segments ?? []).map((s) => [s.id, s]));
  const repository = { getToggle: (name) => toggles.get(name), getSegment: (id) => segments.get(id) };
  client = new UnleashClient(repository, defaultStrategies);
  client.on('error', () => {});
  client.on('warn', () => {});
}

export function toUnleash(context) {
  const result = { properties: {} };
  for (const [name, value] of Object.entries(context)) {
    if (name === 'targetingKey') continue;
    if (name === 'userId') continue;
    if (standard.includes(name)) result[name] = value;
    else result.properties[name] = value;
  }
  const userId = context.targetingKey ?? context.userId;
  if (userId !== undefined && userId !== null) result.userId = userId;
  return result;
}

// Counts Math.random calls, so a result that depended on Unleash's random stickiness is reported as such.
const random = Math.random;
let draws = 0;
Math.random = () => { draws += 1; return random(); };

function evaluate(c) {
  try {
    draws = 0;
    const v = client.getVariant(c.flag, toUnleash(c.context));
    return { enabled: v.feature_enabled, variant: v.name, variantEnabled: v.enabled, payload: v.payload ?? null, random: draws > 0 };
  } catch (e) {
    return { thrown: String(e) };
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const message = JSON.parse(line);
  try {
    if (message.op === 'load') {
      load(message.data);
      process.stdout.write(JSON.stringify({ ok: true }) + '\n');
    } else if (message.op === 'eval') {
      process.stdout.write(JSON.stringify({ results: message.cases.map(evaluate) }) + '\n');
    } else {
      process.stdout.write(JSON.stringify({ error: `unknown op ${message.op}` }) + '\n');
    }
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\n');
  }
}
