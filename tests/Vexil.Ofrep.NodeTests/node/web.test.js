// The web (static-context) provider, @openfeature/web-sdk with @openfeature/ofrep-web-provider, under Node: global
// fetch, and the `eventsource` package as the browser's EventSource (Node 20 has none). CORS does not apply under
// Node; the server's CORS is tested in tests/Vexil.Server.Tests (Ofrep/OfrepCorsTests, Edge/EdgeClientKeyTests).
// Needs VEXIL_PROJECT and VEXIL_ADMIN_PASSWORD to change a flag through the admin API.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { OpenFeature, ProviderEvents, StandardResolutionReasons } from '@openfeature/web-sdk';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { env } from './support.js';

globalThis.EventSource = EventSource;

after(async () => {
  await OpenFeature.close();
});

/** A web client on its own domain and a log of the provider's HTTP calls (URL, If-None-Match, status). */
async function webClient(domain, options) {
  const calls = [];
  const fetchImplementation = async (input, init) => {
    const request = new Request(input, init);
    const call = { url: request.url, ifNoneMatch: request.headers.get('If-None-Match'), status: undefined };
    calls.push(call);
    const response = await fetch(request);
    call.status = response.status;
    return response;
  };
  const provider = new OFREPWebProvider({
    baseUrl: env('VEXIL_URL'),
    headers: [['Authorization', `Bearer ${env('VEXIL_SDK_KEY')}`]],
    fetchImplementation,
    cacheMode: 'disabled',
    ...options,
  });
  await OpenFeature.setContext(domain, { targetingKey: 'user-42' });
  await OpenFeature.setProviderAndWait(domain, provider);
  const client = OpenFeature.getClient(domain);
  const changes = [];
  client.addHandler(ProviderEvents.ConfigurationChanged, (details) => changes.push(details));
  return { client, calls, changes, provider };
}

async function setEnabled(flag, enabled) {
  const login = await fetch(`${env('VEXIL_URL')}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: env('VEXIL_ADMIN_PASSWORD') }),
  });
  const { token } = await login.json();
  const response = await fetch(`${env('VEXIL_URL')}/api/v1/projects/${env('VEXIL_PROJECT')}/environments/production/flags/${flag}/enabled`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'If-Match': '*', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ enabled }),
  });
  assert.equal(response.status, 200, await response.text());
}

async function until(condition, what, timeoutMs = 15_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('polling: initial bulk evaluation, 304 revalidation by ETag, then the change', async () => {
  const { client, calls, changes } = await webClient('web-polling', { changeDetection: 'polling', pollInterval: 200 });
  const details = client.getBooleanDetails('bool-static', false);
  assert.equal(details.value, true);
  assert.equal(details.reason, StandardResolutionReasons.STATIC);
  assert.equal(client.getStringValue('string-static', 'fallback'), 'blue');
  assert.equal(calls[0].status, 200);

  await until(() => calls.filter((c) => c.status === 304).length >= 2, 'two 304 revalidations');
  const revalidation = calls.find((c) => c.status === 304);
  assert.ok(revalidation.ifNoneMatch, 'a poll sends If-None-Match');

  await setEnabled('number-static', false);
  await until(() => changes.some((c) => c.flagsChanged?.includes('number-static')), 'ConfigurationChanged for number-static');
  assert.equal(client.getNumberDetails('number-static', -1).reason, StandardResolutionReasons.DISABLED);
  await setEnabled('number-static', true);
});

test('change stream: the provider follows eventStreams and re-fetches on refetchEvaluation', async () => {
  const { client, calls, changes } = await webClient('web-sse', { changeDetection: 'sse', pollInterval: 0 });
  assert.equal(client.getStringValue('string-static', 'fallback'), 'blue');
  const bulkCalls = () => calls.filter((c) => c.url.includes('/ofrep/v1/evaluate/flags'));
  assert.equal(bulkCalls().length, 1);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the EventSource connects; nothing polls

  await setEnabled('string-static', false);
  await until(() => changes.some((c) => c.flagsChanged?.includes('string-static')), 'ConfigurationChanged for string-static');
  assert.equal(client.getStringDetails('string-static', 'fallback').reason, StandardResolutionReasons.DISABLED);
  const refetch = bulkCalls().at(-1);
  assert.equal(refetch.status, 200);
  assert.match(refetch.url, /flagConfigEtag=/, 'the re-fetch names the version the stream announced');
  assert.ok(bulkCalls().length <= 3, `no polling: ${bulkCalls().length} bulk calls`);
  await setEnabled('string-static', true);
});
