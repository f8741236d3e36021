// A real OpenID Connect provider for the tests (panva's oidc-provider, a devDependency): discovery, the
// authorization endpoint, a sign-in page, the token, userinfo and JWKS endpoints, as Keycloak or Okta serve them.
//
//   node tests/oidc/provider.mjs '{"port": 5555, "clientId": "sc", "clientSecret": "s3cret",
//        "redirectUri": "http://localhost:8000/accounts/oidc/sso/login/callback/",
//        "accounts": [{"sub": "u1", "email": "pat@example.gov", "employee_number": "E1", "amr": ["pwd"]}]}'
//
// Its issuer is http://127.0.0.1:<port>. PKCE is required of every client, so a relying party that does not
// send a code challenge is refused. The sign-in page (GET /interaction/<uid>) is a form with a `login` field:
// posting it signs in the account whose `sub` it names, with that account's `amr`, and grants every scope the
// client asked for, so there is no consent page. An unknown `login` gets the form again with a 400.
// It prints "listening <issuer>" once it takes requests; tests/servers.py waits for that line.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] ?? '{}');
for (const key of ['port', 'clientId', 'clientSecret', 'redirectUri', 'accounts']) {
  if (config[key] === undefined) {
    console.error(`provider.mjs: the configuration lacks "${key}"`);
    process.exit(2);
  }
}

const issuer = `http://127.0.0.1:${config.port}`;
const accounts = new Map(config.accounts.map((account) => [account.sub, account]));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function claimsOf(account) {
  const claims = { sub: account.sub };
  if (account.email !== undefined) {
    claims.email = account.email;
    claims.email_verified = true;
  }
  if (account.name !== undefined) claims.name = account.name;
  if (account.employee_number !== undefined) claims.employee_number = account.employee_number;
  return claims;
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.clientId,
    // "none": a public client that proves itself by PKCE alone, as Login.gov allows.
    ...(config.tokenEndpointAuthMethod === 'none' ? {} : { client_secret: config.clientSecret }),
    redirect_uris: [config.redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: config.tokenEndpointAuthMethod ?? 'client_secret_post',
  }],
  jwks: { keys: [crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: {
    // amr in the openid scope: every ID token says how the person signed in, as Entra ID and Okta do.
    openid: ['sub', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name', 'employee_number'],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => claimsOf(account) };
  },
});

function signInPage(uid, message = '') {
  return `<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label for="login">Account</label> <input id="login" name="login" autofocus>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  res.setHeader('Cache-Control', 'no-store');
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(signInPage(uid));
    return;
  }
  const account = accounts.get((await readForm(req)).get('login') ?? '');
  if (!account) {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(signInPage(uid, 'No such account.'));
    return;
  }
  const grant = new provider.Grant({ accountId: account.sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, {
    login: { accountId: account.sub, amr: account.amr ?? ['pwd'] },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
  if (!match) {
    handle(req, res);
    return;
  }
  try {
    await interaction(req, res, decodeURIComponent(match[1]));
  } catch (error) {
    console.error(error);
    res.statusCode = 400;
    res.end(`interaction failed: ${error.message}`);
  }
});

server.listen(config.port, '127.0.0.1', () => console.log(`listening ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
