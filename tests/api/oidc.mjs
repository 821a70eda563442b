// Identity providers for the single sign-on tests (issue 19), on loopback:
//
//   startProvider()  a real OpenID Connect provider, the npm package
//                    oidc-provider (pinned in package-lock.json), with one
//                    client "randa", PKCE required, and log-in and consent
//                    done at once as the account the test names next;
//   startFakeOp()    a small hand-made provider (node:crypto signs its ID
//                    tokens) that mints the tokens a real provider never
//                    would: signed by another key, for another audience or
//                    issuer, expired, with another nonce.
//
// Both listen before Randa starts (Randa is told the issuer) and learn
// Randa's address afterwards (setRanda), which the real provider needs for
// its client's redirect URI.
import http from 'node:http';
import { createHash, generateKeyPairSync, sign, randomBytes } from 'node:crypto';

export const CLIENT_ID = 'randa';
export const CLIENT_SECRET = 'test-client-secret-19';

function listen(server) {
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server.address().port)));
}

// Cookies of one site, as a browser would keep them (names and values).
export class Jar {
  constructor() { this.map = new Map(); }
  take(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || /max-age=0/i.test(c)) this.map.delete(name);
      else this.map.set(name, value);
    }
  }
  header() { return [...this.map].map(([k, v]) => `${k}=${v}`).join('; '); }
  get(name) { return this.map.get(name); }
}

// ---- the real provider ----

export async function startProvider() {
  const { default: Provider } = await import('oidc-provider');
  let handler = (req, res) => { res.statusCode = 503; res.end(); };
  const server = http.createServer((req, res) => handler(req, res));
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const idp = {
    issuer,
    accounts: new Map(), // id -> claims
    next: null,          // the account the next log-in is
    setRanda(base) {
      const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
      const provider = new Provider(issuer, {
        clients: [{
          client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
          redirect_uris: [`${base}/api/v1/sso/callback`],
          post_logout_redirect_uris: [`${base}/`],
          grant_types: ['authorization_code'], response_types: ['code'],
        }],
        jwks: { keys: [{ ...key, kid: 'rsa-1', use: 'sig', alg: 'RS256' }] },
        cookies: { keys: ['oidc-test-cookie-key'] },
        pkce: { required: () => true },
        conformIdTokenClaims: false,
        claims: { openid: ['sub'], profile: ['name', 'hsa_id'] },
        features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
        interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
        findAccount: async (ctx, id) => {
          const claims = idp.accounts.get(id);
          return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
        },
      });
      const callback = provider.callback();
      handler = async (req, res) => {
        if (!req.url.startsWith('/interaction/')) return callback(req, res);
        try {
          const details = await provider.interactionDetails(req, res);
          const accountId = idp.next;
          const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
          grant.addOIDCScope(details.params.scope);
          const grantId = await grant.save();
          await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } },
            { mergeWithLastSubmission: false });
        } catch (e) {
          res.statusCode = 500;
          res.end(String(e));
        }
      };
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
  return idp;
}

// Goes from Randa's POST /sso/login through the provider (following its
// redirects with its cookies) to the callback URL it sends the browser to.
// Resolves to { callback, randa: Jar, start } without calling the callback.
export async function throughProvider(base, { randa = new Jar() } = {}) {
  const start = await fetch(`${base}/api/v1/sso/login`, { method: 'POST', headers: { cookie: randa.header() } });
  randa.take(start);
  const body = await start.json();
  if (start.status !== 200) return { start, body, randa };
  const jar = new Jar();
  let url = body.authorization_url;
  for (let i = 0; i < 10 && !url.startsWith(base); i++) {
    const r = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(r);
    const loc = r.headers.get('location');
    if (!loc) throw new Error(`the provider stopped at ${url}: ${r.status} ${await r.text()}`);
    url = new URL(loc, url).href;
  }
  return { callback: url, randa, start, body };
}

// Calls Randa's callback as the browser would; resolves to
// { status, location, session } (session: the cookie "name=value" or null).
export async function finish(callback, randa) {
  const r = await fetch(callback, { redirect: 'manual', headers: { cookie: randa.header() } });
  const set = r.headers.getSetCookie().find((c) => /^(__Host-)?randa_session=[^;]/.test(c));
  return { status: r.status, location: r.headers.get('location'), session: set ? set.split(';')[0] : null };
}

// ---- the hand-made provider ----

const b64u = (b) => Buffer.from(b).toString('base64url');

function jwt(header, payload, key, alg) {
  const data = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  if (alg === 'none') return `${data}.`;
  const sig = alg === 'ES256'
    ? sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' })
    : sign('sha256', Buffer.from(data), key);
  return `${data}.${b64u(sig)}`;
}

export function newKey(alg, kid) {
  const { privateKey, publicKey } = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { alg, kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

export async function startFakeOp() {
  const codes = new Map(); // code -> { nonce, challenge, token options, used }
  const op = {
    issuer: null,
    published: [],   // the keys the JWKS lists
    tokenRequests: 0,
    jwksFetches: 0,
    listening: false,
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, op.issuer);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: op.issuer, authorization_endpoint: `${op.issuer}/auth`,
        token_endpoint: `${op.issuer}/token`, jwks_uri: `${op.issuer}/jwks`,
        end_session_endpoint: `${op.issuer}/logout`,
        response_types_supported: ['code'], subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') {
      op.jwksFetches++;
      return json(200, { keys: op.published.map((k) => k.jwk) });
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      op.tokenRequests++;
      let text = '';
      for await (const chunk of req) text += chunk;
      const form = new URLSearchParams(text);
      const basic = 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
      if (req.headers.authorization !== basic) return json(401, { error: 'invalid_client' });
      const c = codes.get(form.get('code'));
      if (!c || c.used) return json(400, { error: 'invalid_grant' });
      c.used = true;
      const verifier = form.get('code_verifier');
      if (!verifier || b64u(createHash('sha256').update(verifier).digest()) !== c.challenge)
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      const now = Math.floor(Date.now() / 1000);
      const t = c.token;
      const claims = {
        iss: op.issuer, sub: t.sub, aud: CLIENT_ID, exp: now + 300, iat: now, nonce: c.nonce,
        ...(t.claims || {}),
      };
      const key = t.key;
      const header = { alg: t.alg || key.alg, typ: 'JWT', ...(key.kid ? { kid: key.kid } : {}) };
      return json(200, {
        access_token: 'at-' + randomBytes(8).toString('hex'), token_type: 'Bearer', expires_in: 300,
        id_token: jwt(header, claims, key.privateKey, t.alg || key.alg),
      });
    }
    res.statusCode = 404;
    res.end();
  });
  // The port is taken now and the server listens only when start() says,
  // so that Randa can be started against a provider that is down.
  const port = await listen(server);
  op.issuer = `http://127.0.0.1:${port}`;
  await new Promise((ok) => server.close(ok));
  op.start = () => new Promise((ok) => server.listen(port, '127.0.0.1', () => { op.listening = true; ok(); }));
  op.stop = () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); });
  // Registers the code the provider would have issued for the log-in whose
  // authorization URL Randa gave, with how to make its ID token; resolves
  // to the callback URL Randa is sent back to.
  op.issue = (authorizationUrl, token) => {
    const a = new URL(authorizationUrl);
    const code = randomBytes(16).toString('hex');
    codes.set(code, { nonce: a.searchParams.get('nonce'), challenge: a.searchParams.get('code_challenge'), token });
    const back = new URL(a.searchParams.get('redirect_uri'));
    back.searchParams.set('code', code);
    back.searchParams.set('state', a.searchParams.get('state'));
    return { callback: back.href, code, params: a.searchParams };
  };
  return op;
}
