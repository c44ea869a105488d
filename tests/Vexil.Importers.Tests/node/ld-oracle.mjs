// LaunchDarkly's own evaluation, for tests/Vexil.Importers.Tests (never for the product). Reads JSON lines on stdin:
//   {"op":"load","data":{"flags":{...},"segments":{...}}}      -> {"ok":true}
//   {"op":"eval","cases":[{"flag":k,"type":"boolean","context":{...OpenFeature context...}}]} -> {"results":[...]}
// Each result: value, variant (LaunchDarkly's variation index, as its OpenFeature provider reports it), reason kind,
// errorCode, and LaunchDarkly's own detail (ruleIndex, ruleId, prerequisiteKey, errorKind).
// Flags come from the SDK's file data source (no network, no events); contexts go through the provider's conversion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { integrations } from '@launchdarkly/node-server-sdk';
import { LaunchDarklyProvider } from '@launchdarkly/openfeature-node-server';
import { OpenFeature } from '@openfeature/server-sdk';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ld-oracle-'));
let client = null;
let provider = null;
let last = null;

async function load(data) {
  const file = path.join(dir, `flags-${Date.now()}-${Math.random()}.json`);
  fs.writeFileSync(file, JSON.stringify(data));
  if (provider) {
    await OpenFeature.close();
  }
  const source = new integrations.FileDataSourceFactory({ paths: [file] });
  provider = new LaunchDarklyProvider('sdk-key-oracle', {
    updateProcessor: source.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: { error() {}, warn() {}, info() {}, debug() {} },
  });
  await OpenFeature.setProviderAndWait(provider);
  const ld = provider.getClient();
  const original = ld.variationDetail.bind(ld);
  ld.variationDetail = async (...args) => { last = await original(...args); return last; };
  client = OpenFeature.getClient();
}

async function evaluate(c) {
  last = null;
  const get = { boolean: 'getBooleanDetails', string: 'getStringDetails', number: 'getNumberDetails', object: 'getObjectDetails' }[c.type];
  const fallback = { boolean: false, string: '\u0000default', number: -123456.5, object: { default: true } }[c.type];
  try {
    const d = await client[get](c.flag, fallback, c.context);
    const r = last?.reason ?? {};
    return {
      value: d.value, isDefault: JSON.stringify(d.value) === JSON.stringify(fallback), variant: d.variant ?? null, reason: d.reason ?? null, errorCode: d.errorCode ?? null,
      ld: { kind: r.kind ?? null, ruleIndex: r.ruleIndex ?? null, ruleId: r.ruleId ?? null, prerequisiteKey: r.prerequisiteKey ?? null, errorKind: r.errorKind ?? null, variationIndex: last?.variationIndex ?? null },
    };
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
      await load(message.data);
      process.stdout.write(JSON.stringify({ ok: true }) + '\n');
    } else if (message.op === 'eval') {
      const results = [];
      for (const c of message.cases) results.push(await evaluate(c));
      process.stdout.write(JSON.stringify({ results }) + '\n');
    } else {
      process.stdout.write(JSON.stringify({ error: `unknown op ${message.op}` }) + '\n');
    }
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\n');
  }
}
await OpenFeature.close();
fs.rmSync(dir, { recursive: true, force: true });
