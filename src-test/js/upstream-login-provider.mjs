// An independent OpenID Connect provider (npm `oidc-provider`, OpenID Certified) that the federated-login tests use
// as an organisation's identity provider: its own users, its own signing key, its own (development) login pages.
// It listens on a free loopback port and prints {"issuer": ...} once listening. Standard input takes one JSON
// object per line and each is answered with one JSON line:
//   {"clients": [...]}   registers the relying parties (oidc-provider client metadata) and starts serving
//   {"mode": "..."}      how the next token responses behave: "normal", or a fault of an identity provider:
//                        "wrong-nonce", "wrong-audience", "wrong-issuer", "expired", "foreign-signature"
//                        (the id_token re-signed or altered after issuing), "slow-token" (the token endpoint
//                        answers after 20 s)
// Users (accountId = the login typed on its login page; any password): see USERS below.
import Provider from 'oidc-provider';
import * as jose from 'jose';
import http from 'node:http';
import readline from 'node:readline';

const USERS = {
  'dr-upstream': { name: 'Dr Upstream', npi: '1234567893' },
  'pat-upstream': { name: 'Pat Upstream', mrn: 'demo-1' },
  'claimed-upstream': { name: 'Claimed Upstream', fhirUser: process.env.CLAIMED_FHIR_USER ?? 'Patient/none' },
  'stranger': { name: 'A Stranger', npi: '0000000000' },
};

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'upstream-1', use: 'sig', alg: 'RS256' };
const foreign = await jose.generateKeyPair('RS256', { extractable: true });

// Standard output carries only the protocol's JSON lines; anything the library logs goes to standard error.
const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
console.log = console.error;
console.info = console.error;

let provider = null;
let mode = 'normal';

const server = http.createServer((req, res) => {
  if (!provider) {
    res.writeHead(503).end();
    return;
  }
  provider.callback()(req, res);
});
// As in external-token-provider.mjs: keep idle connections open, so that the Java client never reuses one Node has
// just closed.
server.keepAliveTimeout = 0;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

function build(clients) {
  const p = new Provider(issuer, {
    clients,
    jwks: { keys: [signingJwk] },
    cookies: { keys: ['upstream-login-provider-cookie-key-for-tests'] },
    scopes: ['openid', 'profile', 'smart'],
    claims: { openid: ['sub'], profile: ['name'], smart: ['npi', 'mrn', 'fhirUser'] },
    conformIdTokenClaims: false, // the id_token carries the claims, as Keycloak's and Entra ID's do
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    findAccount: async (ctx, id) => (USERS[id] ? {
      accountId: id,
      claims: async () => ({ sub: id, ...USERS[id] }),
    } : undefined),
    // A first-party relying party: no consent page, every requested scope granted.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        return ctx.oidc.provider.Grant.find(grantId);
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  });
  p.proxy = false;
  p.use(async (ctx, next) => {
    if (ctx.path === '/token' && mode === 'slow-token') {
      await new Promise((resolve) => setTimeout(resolve, 20_000));
    }
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && mode !== 'normal') {
      ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token) };
    }
  });
  return p;
}

async function tamper(idToken) {
  const claims = jose.decodeJwt(idToken);
  let key = privateKey;
  switch (mode) {
    case 'wrong-nonce': claims.nonce = 'not-the-nonce-that-was-sent'; break;
    case 'wrong-audience': claims.aud = 'some-other-client'; break;
    case 'wrong-issuer': claims.iss = 'https://idp.elsewhere.example'; break;
    case 'expired': claims.iat -= 7200; claims.exp = Math.floor(Date.now() / 1000) - 3600; break;
    case 'foreign-signature': key = foreign.privateKey; break;
    default: break;
  }
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid, typ: 'JWT' }).sign(key);
}

reply({ issuer });

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  try {
    const command = JSON.parse(line);
    if (command.clients) {
      provider = build(command.clients);
    }
    if (command.mode) {
      mode = command.mode;
    }
    reply({ ok: true, mode });
  } catch (e) {
    reply({ ok: false, error: String(e) });
  }
});
lines.on('close', () => {
  server.close();
  process.exit(0);
});
