// An OpenID Connect relying party built on the certified `openid-client` library, used unchanged.
// Modes (argv[2]):
//   code     prints {"authorizationUrl": ...}; reads the redirect URL (after the browser login) from stdin;
//            exchanges the code with PKCE, validates the id_token, refreshes, calls userinfo if offered;
//            prints the outcome as one JSON line.
//   backend  obtains a client_credentials token with private_key_jwt; prints the outcome as one JSON line.
// Configuration comes from the environment: ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE, PRIVATE_JWK.
import * as client from 'openid-client';
import readline from 'node:readline';

const env = process.env;
const mode = process.argv[2];
const options = { execute: [client.allowInsecureRequests] }; // the sample server runs on plain http on loopback

async function readLine() {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  throw new Error('no redirect URL on stdin');
}

async function codeFlow() {
  const config = await client.discovery(new URL(env.ISSUER), env.CLIENT_ID, env.CLIENT_SECRET, undefined, options);
  const verifier = client.randomPKCECodeVerifier();
  const challenge = await client.calculatePKCECodeChallenge(verifier);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: env.REDIRECT_URI, scope: env.SCOPE, code_challenge: challenge,
    code_challenge_method: 'S256', state, nonce, aud: env.ISSUER,
  });
  console.log(JSON.stringify({ authorizationUrl: url.href }));
  const callback = new URL(await readLine());
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
  });
  const claims = tokens.claims();
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  const metadata = config.serverMetadata();
  let userinfo = null;
  if (metadata.userinfo_endpoint) {
    userinfo = await client.fetchUserInfo(config, refreshed.access_token, claims.sub);
  }
  console.log(JSON.stringify({
    issuer: metadata.issuer, claims, scope: tokens.scope, patient: tokens.patient ?? null,
    refreshedScope: refreshed.scope, refreshedAccessToken: Boolean(refreshed.access_token),
    userinfoOffered: Boolean(metadata.userinfo_endpoint), userinfo,
  }));
}

async function backend() {
  const jwk = JSON.parse(env.PRIVATE_JWK);
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: jwk.crv }, false, ['sign']);
  const config = await client.discovery(new URL(env.ISSUER), env.CLIENT_ID, undefined,
    client.PrivateKeyJwt({ key, kid: jwk.kid }), options);
  const tokens = await client.clientCredentialsGrant(config, { scope: env.SCOPE });
  console.log(JSON.stringify({ accessToken: tokens.access_token, scope: tokens.scope, expiresIn: tokens.expires_in }));
}

try {
  if (mode === 'code') {
    await codeFlow();
  } else if (mode === 'backend') {
    await backend();
  } else {
    throw new Error('usage: node oidc-relying-party.mjs code|backend');
  }
} catch (error) {
  console.log(JSON.stringify({ error: String(error), cause: error.cause ? JSON.stringify(error.cause) : null, code: error.code ?? null }));
  process.exitCode = 1;
}
