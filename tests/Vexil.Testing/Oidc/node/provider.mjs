// A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 and a free port, for Vexil's single sign-on
// tests. Started by tests/Vexil.Testing/Oidc/OidcTestProvider.cs; test only, never part of the product.
//
//   node provider.mjs <config.json>
//
// config.json: { "clients": [ …client metadata… ], "usersFile": "/path/users.json" }
// users.json:  { "alice": { "password": "…", "email": "…", "name": "…", "groups": ["…"] }, … }
// The users file is read at every sign-in and every claims lookup, so a test changes a user's groups by rewriting it.
//
// Sign-in pages are this script's own (/interaction/:uid): a username and password form checked against the users
// file; consent is implied for every client (first-party). The device flow (RFC 8628) uses oidc-provider's own
// /device pages. Prints "listening <issuer>" once it accepts connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const users = () => JSON.parse(readFileSync(config.usersFile, 'utf8'));
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients,
  // Loopback redirect URIs of 'native' clients may carry any port (RFC 8252 §7.3): the tests' Vexil servers listen on free ports.
  findAccount: (ctx, id) => {
    const user = users()[id];
    if (!user) {
      return undefined;
    }

    return {
      accountId: id,
      claims: () => ({ sub: id, name: user.name ?? id, preferred_username: id, email: user.email ?? `${id}@example.test`, groups: user.groups ?? [] }),
    };
  },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
  // The ID token carries the requested scopes' claims (groups among them), as many providers' do.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    deviceFlow: { enabled: true },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // First-party clients: consent is implied, every requested scope granted.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) {
        return existing;
      }
    }

    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email groups offline_access');
    await grant.save();
    return grant;
  },
  ttl: { IdToken: 600, AccessToken: 600, DeviceCode: 300, Interaction: 300, Session: 600, Grant: 600 },
});
provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error', err));

const readForm = (req) => new Promise((resolve, reject) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(new URLSearchParams(body)));
  req.on('error', reject);
});

const loginForm = (uid, error) => page('Sign in to the test provider', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="login" id="login" autofocus></label>
<label>Password <input name="password" id="password" type="password"></label>
<button type="submit" id="submit">Sign in</button></form>`);

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end('interaction mismatch');
    return;
  }

  if (action === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const user = users()[login];
    if (!user || user.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(uid, 'Wrong username or password.'));
      return;
    }

    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }

  if (details.prompt.name === 'login') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(uid));
    return;
  }

  // Consent: implied (loadExistingGrant grants every scope).
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope('openid profile email groups offline_access');
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login))?(?:\?.*)?$/u.exec(req.url ?? '');
  if (!match) {
    callback(req, res);
    return;
  }

  interaction(req, res, match[1], match[2]).catch((err) => {
    console.error('interaction failed', err);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
});

console.log(`listening ${issuer}`);
