// The web provider in a real browser: headless chromium loads browser.html from a page server on its own origin,
// so the provider's fetch and EventSource are cross-origin and CORS applies. One client key allows the page's
// origin (it evaluates, reads the ETag, follows the change stream); another allows only some other origin (the
// browser refuses to hand the provider its answers). Needs VEXIL_PROJECT and VEXIL_ADMIN_PASSWORD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from './support.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function admin(path, method, body) {
  const login = await fetch(`${env('VEXIL_URL')}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: env('VEXIL_ADMIN_PASSWORD') }),
  });
  const { token } = await login.json();
  const response = await fetch(`${env('VEXIL_URL')}/api/v1/projects/${env('VEXIL_PROJECT')}/environments/production${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'If-Match': '*', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Serves browser.html and node_modules (read-only) and takes the page's reports. */
function pageServer(onReady) {
  let report;
  const result = new Promise((resolve) => { report = resolve; });
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://page');
    if (request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      if (url.pathname === '/ready') await onReady();
      if (url.pathname === '/result') report(JSON.parse(body));
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      return;
    }

    const file = url.pathname === '/' ? join(here, 'browser.html') : normalize(join(here, decodeURIComponent(url.pathname)));
    if (!file.startsWith(join(here, 'node_modules') + sep) && file !== join(here, 'browser.html') || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }

    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    response.writeHead(200, { 'Content-Type': `${type}; charset=utf-8` }).end(readFileSync(file));
  });
  return { server, result };
}

test('in chromium: CORS per key, ETag exposed, the change stream through EventSource', { timeout: 90_000 }, async () => {
  assert.ok(existsSync(chromium), `chromium is missing at ${chromium} (scripts/install-deps.sh installs it)`);
  const { server, result } = pageServer(() => admin('/flags/string-static/enabled', 'PUT', { enabled: false }));
  const profile = mkdtempSync(join(tmpdir(), 'vexil-chromium-'));
  let browser;
  try {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    const keys = await Promise.all([
      admin('/sdk-keys', 'POST', { kind: 'client', allowedOrigins: [origin] }),
      admin('/sdk-keys', 'POST', { kind: 'client', allowedOrigins: ['https://somewhere-else.example.com'] }),
    ]);
    const page = `${origin}/?${new URLSearchParams({ vexil: env('VEXIL_URL'), key: keys[0].key, foreignKey: keys[1].key })}`;
    browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, page], { stdio: 'ignore', detached: true });
    const outcome = await Promise.race([
      result,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the page reported nothing within 50 s')), 50_000).unref()),
    ]);
    assert.equal(outcome.error, undefined, `${outcome.error}\n${JSON.stringify(outcome.calls)}`);
    assert.equal(outcome.initial, 'blue');
    const first = outcome.calls.find((c) => c.url.includes('/ofrep/v1/evaluate/flags') && c.status === 200);
    assert.ok(first?.etag, `the ETag is exposed to the page: ${JSON.stringify(outcome.calls)}`);
    assert.equal(outcome.sawChange, true, `no ConfigurationChanged: ${JSON.stringify(outcome.calls)}`);
    assert.equal(outcome.after.reason, 'DISABLED');
    assert.ok(outcome.calls.some((c) => c.url.includes('flagConfigEtag=') && c.status === 200), 'the re-fetch came from the change stream');
    assert.notEqual(outcome.foreignError, null, 'a key that does not allow this origin must not work from it');
    assert.equal(outcome.foreign.value, 'fallback');
    assert.ok(outcome.calls.some((c) => c.error), 'the browser refused the foreign key\'s answer');
  } finally {
    try { if (browser) process.kill(-browser.pid, 'SIGKILL'); } catch { /* already gone */ } // chromium and its helpers (its own process group)
    server.close();
    server.closeAllConnections?.();
    rmSync(profile, { recursive: true, force: true });
  }
});
