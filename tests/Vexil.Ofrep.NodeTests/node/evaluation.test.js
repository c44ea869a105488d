// Every value type, every reason and every error code Vexil's OFREP endpoint produces, through the real
// OpenFeature server SDK and OFREP provider. Flags are created by OfrepNodeTests.cs (see its comments).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenFeature, ErrorCode, StandardResolutionReasons } from '@openfeature/server-sdk';
import { env, ofrepClient } from './support.js';

let client;
let calls;

before(async () => {
  ({ client, calls } = await ofrepClient('evaluation', env('VEXIL_SDK_KEY')));
});

after(async () => {
  await OpenFeature.close();
});

const user = { targetingKey: 'user-42' };

function assertSuccess(details, value, variant, reason) {
  assert.equal(details.errorCode, undefined, `unexpected error: ${details.errorCode} ${details.errorMessage}`);
  assert.deepEqual(details.value, value);
  assert.equal(details.variant, variant);
  assert.equal(details.reason, reason);
}

function assertError(details, defaultValue, errorCode) {
  assert.equal(details.reason, StandardResolutionReasons.ERROR);
  assert.equal(details.errorCode, errorCode, `message: ${details.errorMessage}`);
  assert.deepEqual(details.value, defaultValue);
}

test('boolean, STATIC', async () => {
  assertSuccess(await client.getBooleanDetails('bool-static', false, user), true, 'on', StandardResolutionReasons.STATIC);
  assert.equal(await client.getBooleanValue('bool-static', false, user), true);
});

test('string, STATIC', async () => {
  assertSuccess(await client.getStringDetails('string-static', 'none', user), 'blue', 'blue', StandardResolutionReasons.STATIC);
});

test('number, STATIC', async () => {
  assertSuccess(await client.getNumberDetails('number-static', 0, user), 42.5, 'large', StandardResolutionReasons.STATIC);
});

test('object, STATIC', async () => {
  assertSuccess(
    await client.getObjectDetails('object-static', {}, user),
    { color: 'red', size: 3, tags: ['a', 'b'], nested: { on: true } },
    'theme',
    StandardResolutionReasons.STATIC,
  );
});

test('object flag holding an array', async () => {
  assertSuccess(await client.getObjectDetails('array-static', [], user), [1, 'two', { three: 3 }], 'list', StandardResolutionReasons.STATIC);
});

test('TARGETING_MATCH by individual target', async () => {
  assertSuccess(await client.getStringDetails('tiered', 'none', { targetingKey: 'user-1' }), 'gold', 'gold', StandardResolutionReasons.TARGETING_MATCH);
});

test('TARGETING_MATCH by rule on a context attribute', async () => {
  const context = { targetingKey: 'user-2', email: 'ada@example.com' };
  assertSuccess(await client.getStringDetails('tiered', 'none', context), 'silver', 'silver', StandardResolutionReasons.TARGETING_MATCH);
});

test('TARGETING_MATCH by rule on a nested attribute and a number', async () => {
  const context = { targetingKey: 'user-3', org: { plan: 'enterprise', seats: 500 } };
  assertSuccess(await client.getNumberDetails('limits', 0, context), 1000, 'high', StandardResolutionReasons.TARGETING_MATCH);
});

test('DEFAULT when rules exist and none matches', async () => {
  const context = { targetingKey: 'user-4', email: 'bob@elsewhere.org' };
  assertSuccess(await client.getStringDetails('tiered', 'none', context), 'bronze', 'bronze', StandardResolutionReasons.DEFAULT);
});

test('the client-level context is sent (merged by the SDK)', async () => {
  const scoped = OpenFeature.getClient('evaluation');
  scoped.setContext({ targetingKey: 'user-1' });
  assertSuccess(await scoped.getStringDetails('tiered', 'none'), 'gold', 'gold', StandardResolutionReasons.TARGETING_MATCH);
  scoped.setContext({});
});

test('SPLIT: a percentage rollout, stable per targeting key and covering both variations', async () => {
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    const context = { targetingKey: `split-user-${i}` };
    const first = await client.getBooleanDetails('split', false, context);
    assert.equal(first.reason, StandardResolutionReasons.SPLIT, `error: ${first.errorCode} ${first.errorMessage}`);
    assert.ok(first.variant === 'on' || first.variant === 'off');
    assert.equal(first.value, first.variant === 'on');
    const again = await client.getBooleanDetails('split', false, context);
    assert.equal(again.variant, first.variant, 'the same key must get the same variation');
    seen.add(first.variant);
  }
  assert.deepEqual([...seen].sort(), ['off', 'on']);
});

test('DISABLED with an off variation serves it', async () => {
  assertSuccess(await client.getBooleanDetails('disabled-with-off', true, user), false, 'off', StandardResolutionReasons.DISABLED);
});

test('DISABLED with no off variation: the caller gets its default (provider 0.1.3 reports GENERAL)', async (t) => {
  // Vexil answers 200 {"key","reason":"DISABLED"} with no value (OFREP ADR 0006: use the code default).
  // @openfeature/ofrep-provider 0.1.3 only accepts a success that carries a value, so it throws "The OFREP
  // response does not match the expected format" and the SDK answers the default with ERROR/GENERAL. The caller
  // still gets its default; only the reason differs. A provider that implements ADR 0006 answers DISABLED.
  const details = await client.getStringDetails('disabled-no-off', 'code-default', user);
  t.diagnostic(`reason ${details.reason}, errorCode ${details.errorCode}, errorMessage ${details.errorMessage}`);
  assert.equal(details.value, 'code-default');
  assert.equal(calls.at(-1).status, 200);
  assert.equal(details.reason, StandardResolutionReasons.ERROR);
  assert.equal(details.errorCode, ErrorCode.GENERAL);
  assert.match(details.errorMessage, /does not match the expected format/);
});

test('FLAG_NOT_FOUND (404)', async () => {
  const details = await client.getBooleanDetails('no-such-flag', true, user);
  assertError(details, true, ErrorCode.FLAG_NOT_FOUND);
  assert.equal(calls.at(-1).status, 404);
});

test('TARGETING_KEY_MISSING: a rollout with no targeting key (400)', async () => {
  const details = await client.getBooleanDetails('split', true, { email: 'ada@example.com' });
  assertError(details, true, ErrorCode.TARGETING_KEY_MISSING);
  assert.match(details.errorMessage, /targeting key/);
  assert.equal(calls.at(-1).status, 400);
});

test('INVALID_CONTEXT: a targeting key that is not a string (400)', async () => {
  const details = await client.getBooleanDetails('bool-static', false, { targetingKey: 42 });
  assertError(details, false, ErrorCode.INVALID_CONTEXT);
  assert.equal(calls.at(-1).status, 400);
});

test('TYPE_MISMATCH: asking for another type than the flag holds (detected by the provider)', async () => {
  assertError(await client.getStringDetails('bool-static', 'x', user), 'x', ErrorCode.TYPE_MISMATCH);
  assertError(await client.getBooleanDetails('string-static', false, user), false, ErrorCode.TYPE_MISMATCH);
  assertError(await client.getNumberDetails('object-static', 7, user), 7, ErrorCode.TYPE_MISMATCH);
  assertError(await client.getObjectDetails('number-static', { a: 1 }, user), { a: 1 }, ErrorCode.TYPE_MISMATCH);
});

test('no context at all: a static flag still evaluates', async () => {
  assertSuccess(await client.getBooleanDetails('bool-static', false), true, 'on', StandardResolutionReasons.STATIC);
});

test('every request went to the single-flag endpoint with JSON answers', async () => {
  assert.ok(calls.length > 0);
  for (const call of calls) {
    assert.match(call.url, /\/ofrep\/v1\/evaluate\/flags\/[^/]+$/);
    assert.ok([200, 400, 404].includes(call.status), `unexpected status ${call.status} for ${call.url}`);
  }
});
