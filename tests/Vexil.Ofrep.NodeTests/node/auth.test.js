// Keys: a client key and a server key both evaluate; an unknown key gets 401, which the OFREP server provider
// (dynamic context: no initialize, no polling) reports as an error on every evaluation, answering the default.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenFeature, ErrorCode, StandardResolutionReasons, ProviderStatus } from '@openfeature/server-sdk';
import { env, ofrepClient } from './support.js';

after(async () => {
  await OpenFeature.close();
});

const user = { targetingKey: 'user-42' };

test('a client key evaluates', async () => {
  const { client } = await ofrepClient('client-key', env('VEXIL_SDK_KEY'));
  const details = await client.getBooleanDetails('bool-static', false, user);
  assert.equal(details.errorCode, undefined, details.errorMessage);
  assert.equal(details.value, true);
  assert.equal(details.reason, StandardResolutionReasons.STATIC);
});

test('a server key evaluates too (OFREP accepts any SDK key)', async () => {
  const { client } = await ofrepClient('server-key', env('VEXIL_SERVER_KEY'));
  const details = await client.getBooleanDetails('bool-static', false, user);
  assert.equal(details.errorCode, undefined, details.errorMessage);
  assert.equal(details.value, true);
});

test('an unknown key: 401, every evaluation errors and answers the default', async (t) => {
  const { client, calls } = await ofrepClient('bad-key', 'vx_cli_this-key-does-not-exist');
  for (let i = 0; i < 3; i++) {
    const details = await client.getBooleanDetails('bool-static', false, user);
    assert.equal(details.value, false);
    assert.equal(details.reason, StandardResolutionReasons.ERROR);
    assert.equal(details.errorCode, ErrorCode.GENERAL, details.errorMessage);
  }
  t.diagnostic(`errorMessage: ${JSON.stringify((await client.getBooleanDetails('bool-static', false, user)).errorMessage)}`);
  assert.ok(calls.length >= 1);
  for (const call of calls) {
    assert.equal(call.status, 401);
  }
  // The dynamic-context provider has no state machine: it stays READY and reports 401 per evaluation
  // (the guideline for server providers asks only that it "return an error").
  assert.equal(client.providerStatus, ProviderStatus.READY);
});

test('no key at all: 401 as well', async () => {
  const { client, calls } = await ofrepClient('no-key', '');
  const details = await client.getStringDetails('string-static', 'fallback', user);
  assert.equal(details.value, 'fallback');
  assert.equal(details.errorCode, ErrorCode.GENERAL, details.errorMessage);
  assert.equal(calls.at(-1).status, 401);
});

test('an admin session is not an SDK key: 403, the evaluation errors and answers the default', async () => {
  const login = await fetch(`${env('VEXIL_URL')}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: env('VEXIL_ADMIN_PASSWORD') }),
  });
  assert.equal(login.status, 200);
  const { token } = await login.json();
  const { client, calls } = await ofrepClient('admin-session', token);
  const details = await client.getNumberDetails('number-static', -1, user);
  assert.equal(details.value, -1);
  assert.equal(details.reason, StandardResolutionReasons.ERROR);
  assert.equal(details.errorCode, ErrorCode.GENERAL, details.errorMessage);
  assert.equal(calls.at(-1).status, 403);
});
