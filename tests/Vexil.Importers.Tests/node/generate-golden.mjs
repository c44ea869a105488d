// Regenerates the golden vectors of launchdarkly-v1 and unleash-v1 / unleash-variant-v1 from the vendors' SDKs
// (not run by the build): node generate-golden.mjs > golden.json. The tables in
// tests/Vexil.Core.Tests/Bucketing/*GoldenTests.cs and docs/bucketing.md were copied from its output.
//   LaunchDarkly: the SDK's bucket, found by evaluating a two-way fallthrough rollout (first weight w) and
//   bisecting w, so bucket100k = the largest w for which the context is NOT in the first variation (= floor(bucket × 100000));
//   hex15 is the first 15 hex digits of SHA-1 (Node's crypto, the SDK's platform hash).
//   Unleash: the SDK's own normalizedStrategyValue and normalizedVariantValue.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { init, integrations } from '@launchdarkly/node-server-sdk';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const util = require('unleash-client/lib/strategy/util.js');

const values = ['user-1', 'user-2', '', 'Ünïcödé-ключ-鍵', 'x'.repeat(300), '42', 'a.b', 'userKeyA', '😀', '\u00ff\u0100'];
const ldCases = [
  ['flag-key', 'salt', 'user-1'], ['flag-key', 'salt', 'user-2'], ['hashKey', 'saltyA', 'userKeyA'], ['hashKey', 'saltyA', 'userKeyB'],
  ['hashKey', 'saltyA', 'userKeyC'], ['new-checkout', '2f8b1c', 'Ünïcödé-ключ-鍵'], ['f', '', ''], ['f', 's', 'x'.repeat(300)], ['f', 's', '42'],
];
const ldSeeds = [[61, 'user-1'], [-7, 'user-2'], [123456789, 'Ünïcödé']];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
async function ldBucket(key, salt, seed, value) {
  let low = 0; let high = 100000;
  // The largest w with bucket >= w/100000, i.e. the context not in the first variation.
  while (low < high) {
    const w = Math.ceil((low + high) / 2);
    const rollout = { variations: [{ variation: 0, weight: w }, { variation: 1, weight: 100000 - w }] };
    if (seed !== null) rollout.seed = seed;
    const data = { flags: { [key]: { key, on: true, salt, variations: ['in', 'out'], fallthrough: { rollout }, version: 1 } }, segments: {} };
    const file = path.join(dir, `f${Math.random()}.json`);
    fs.writeFileSync(file, JSON.stringify(data));
    const client = init('sdk-key', { updateProcessor: new integrations.FileDataSourceFactory({ paths: [file] }).getFactory(), sendEvents: false, diagnosticOptOut: true, logger: { error() {}, warn() {}, info() {}, debug() {} } });
    await client.waitForInitialization({ timeout: 10 });
    const v = await client.variation(key, { kind: 'user', key: value === '' ? 'placeholder' : value, ...(value === '' ? {} : {}) }, null);
    client.close();
    if (v === 'out') low = w; else high = w - 1;
  }
  return low;
}

const out = { launchdarkly: [], unleash: [] };
for (const [key, salt, value] of ldCases) {
  if (value === '') continue;
  const hex15 = crypto.createHash('sha1').update(`${key}.${salt}.${value}`).digest('hex').substring(0, 15);
  out.launchdarkly.push({ key, salt, seed: null, value, hex15, bucket100k: await ldBucket(key, salt, null, value) });
}
for (const [seed, value] of ldSeeds) {
  const hex15 = crypto.createHash('sha1').update(`${seed}.${value}`).digest('hex').substring(0, 15);
  out.launchdarkly.push({ key: 'seeded', salt: 'ignored', seed, value, hex15, bucket100k: await ldBucket('seeded', 'ignored', seed, value) });
}
for (const groupId of ['', 'flag-a', 'Ünï']) {
  for (const value of values) {
    out.unleash.push({ groupId, value, strategy: util.normalizedStrategyValue(value, groupId), variant1000: util.normalizedVariantValue(value, groupId, 1000), variant3: util.normalizedVariantValue(value, groupId, 3) });
  }
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out, null, 1));
