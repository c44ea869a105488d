// 429 back-off: the server runs with a tiny OFREP rate limit (a few requests per one-second window). Once the
// provider sees 429 with Retry-After, it must not call the server again before that time has passed, failing
// evaluations locally (answering the default); after it, evaluations reach the server and succeed again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { OpenFeature, ErrorCode, StandardResolutionReasons } from '@openfeature/server-sdk';
import { env, ofrepClient } from './support.js';

after(async () => {
  await OpenFeature.close();
});

const user = { targetingKey: 'user-42' };

test('429 with Retry-After pauses the provider until that time', async (t) => {
  const { client, calls } = await ofrepClient('rate-limit', env('VEXIL_SDK_KEY'));

  let limited;
  for (let i = 0; i < 50 && !limited; i++) {
    const details = await client.getBooleanDetails('bool-static', false, user);
    if (calls.at(-1).status === 429) {
      limited = details;
    } else {
      assert.equal(details.value, true, `${details.errorCode} ${details.errorMessage}`);
    }
  }

  assert.ok(limited, `no 429 after ${calls.length} calls: statuses ${calls.map((c) => c.status).join(',')}`);
  const limitedCall = calls.at(-1);
  assert.equal(limited.value, false);
  assert.equal(limited.reason, StandardResolutionReasons.ERROR);
  assert.equal(limited.errorCode, ErrorCode.GENERAL);
  assert.match(limited.errorMessage, /rate limit exceeded/);
  const retryAfterSeconds = Number.parseInt(limitedCall.retryAfter, 10);
  assert.ok(retryAfterSeconds >= 1 && retryAfterSeconds <= 5, `Retry-After: ${limitedCall.retryAfter}`);

  // Before Retry-After has passed: answered locally, the server is not called.
  const callsAt429 = calls.length;
  for (let i = 0; i < 5; i++) {
    const paused = await client.getBooleanDetails('bool-static', false, user);
    assert.equal(paused.value, false);
    assert.equal(paused.errorCode, ErrorCode.GENERAL);
    assert.match(paused.errorMessage, /paused due to TooManyRequests/);
  }
  assert.equal(calls.length, callsAt429, 'the provider called the server before Retry-After passed');

  // After it: evaluations reach the server again and succeed (bounded wait, polling every 100 ms). Should the
  // server still be limiting when Retry-After has passed, the provider backs off again by the new Retry-After.
  let recovered;
  const deadline = limitedCall.at + 10_000;
  while (!recovered && Date.now() < deadline) {
    await sleep(100);
    const details = await client.getBooleanDetails('bool-static', false, user);
    if (details.errorCode === undefined) {
      recovered = details;
    } else {
      assert.equal(details.errorCode, ErrorCode.GENERAL);
      assert.match(details.errorMessage, /paused due to TooManyRequests|rate limit exceeded/);
    }
  }

  const timeline = calls.map((c) => `${c.at - calls[0].at}ms ${c.status}${c.retryAfter ? ` Retry-After: ${c.retryAfter}` : ''}`).join('; ');
  t.diagnostic(`calls: ${timeline}`);
  assert.ok(recovered, `evaluations did not recover after Retry-After; calls: ${timeline}`);
  assert.equal(recovered.value, true);
  assert.equal(calls.at(-1).status, 200);

  // The guideline: no call before the Retry-After of the 429 that preceded it.
  for (let i = callsAt429; i < calls.length; i++) {
    const previous = calls[i - 1];
    if (previous.status === 429) {
      const wait = Number.parseInt(previous.retryAfter, 10) * 1000;
      assert.ok(calls[i].at - previous.at >= wait, `call ${i} came ${calls[i].at - previous.at} ms after a 429 with Retry-After ${wait} ms; calls: ${timeline}`);
    }
  }

  // The server keeps its promise: the first call after waiting out Retry-After is answered.
  assert.equal(calls[callsAt429].status, 200, `the server still answered ${calls[callsAt429].status} ${calls[callsAt429].at - limitedCall.at} ms after a 429 with Retry-After: ${limitedCall.retryAfter}; calls: ${timeline}`);

  // At most one call per Retry-After period after the first 429 (plus the one that succeeds).
  const elapsed = calls.at(-1).at - limitedCall.at;
  assert.ok(calls.length - callsAt429 <= Math.floor(elapsed / 1000) + 1, `too many calls while limited; calls: ${timeline}`);
});
