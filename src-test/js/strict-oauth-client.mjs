// A strict OAuth 2.0 / OpenID Connect client: `oauth4webapi` used unchanged with its default validation (https only,
// RFC 9207 `iss` check, exact issuer, id_token claims, content types). It runs, in one process:
//   1. discovery from <ISSUER>/.well-known/openid-configuration;
//   2. the code flow with PKCE: prints {"authorizationUrl"}, reads the redirect URL from stdin, validates it (state
//      and iss; a redirect with another iss must be refused), exchanges the code, checks the id_token;
//   3. userinfo with the access token;
//   4. refresh (a fresh id_token must come back), introspection of the refreshed access token, revocation of the
//      refresh token, after which both introspect as inactive;
//   5. an error redirect: prints {"errorAuthorizationUrl"}, reads the redirect, which must pass the iss check and
//      carry the OAuth error;
//   6. client_credentials with private_key_jwt, introspection and revocation authenticated the same way.
// Prints the outcome as one JSON line. Environment: ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE,
// BAD_SCOPE, BACKEND_CLIENT_ID, BACKEND_SCOPE, PRIVATE_JWK. The server's certificate must be trusted through
// NODE_EXTRA_CA_CERTS: nothing here relaxes TLS or allows http.
import * as oauth from 'oauth4webapi';
import readline from 'node:readline';

const env = process.env;
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function readLine() {
  const next = await lines.next();
  if (next.done) {
    throw new Error('stdin closed before a redirect URL arrived');
  }
  return next.value.trim();
}

function authorizationUrl(as, scope, state, nonce, challenge) {
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', env.CLIENT_ID);
  url.searchParams.set('redirect_uri', env.REDIRECT_URI);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scope);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('aud', env.ISSUER);
  return url.href;
}

async function introspect(as, client, auth, token) {
  return oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token));
}

async function run() {
  const issuer = new URL(env.ISSUER);
  const as = await oauth.processDiscoveryResponse(issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc' }));
  const client = { client_id: env.CLIENT_ID };
  const auth = oauth.ClientSecretBasic(env.CLIENT_SECRET);
  const outcome = { issuer: as.issuer, issParameterSupported: as.authorization_response_iss_parameter_supported };

  // 2. Code flow with PKCE and the iss check.
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  console.log(JSON.stringify({ authorizationUrl: authorizationUrl(as, env.SCOPE, state, nonce,
    await oauth.calculatePKCECodeChallenge(verifier)) }));
  const redirect = new URL(await readLine());
  const forged = new URL(redirect.href);
  forged.searchParams.set('iss', 'https://attacker.example/fhir');
  try {
    oauth.validateAuthResponse(as, client, forged, state);
    outcome.forgedIssAccepted = true;
  } catch (error) {
    outcome.forgedIssRefused = String(error.message);
  }
  const params = oauth.validateAuthResponse(as, client, redirect, state);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, auth, params, env.REDIRECT_URI, verifier),
    { expectedNonce: nonce, requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  outcome.idToken = claims;
  outcome.scope = tokens.scope;

  // 3. UserInfo (the subject must match the id_token's).
  outcome.userinfo = await oauth.processUserInfoResponse(as, client, claims.sub,
    await oauth.userInfoRequest(as, client, tokens.access_token));

  // 4. Refresh, introspection, revocation.
  const refreshed = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token));
  outcome.refreshedIdToken = refreshed.id_token ? oauth.getValidatedIdTokenClaims(refreshed) : null;
  outcome.refreshedScope = refreshed.scope;
  outcome.introspectedAccessToken = await introspect(as, client, auth, refreshed.access_token);
  const refreshToken = refreshed.refresh_token ?? tokens.refresh_token;
  outcome.introspectedRefreshToken = await introspect(as, client, auth, refreshToken);
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshToken));
  outcome.afterRevocation = {
    refreshToken: (await introspect(as, client, auth, refreshToken)).active,
    accessToken: (await introspect(as, client, auth, refreshed.access_token)).active,
  };

  // 5. An error redirect passes the iss check and carries the OAuth error.
  const errorState = oauth.generateRandomState();
  console.log(JSON.stringify({ errorAuthorizationUrl: authorizationUrl(as, env.BAD_SCOPE, errorState,
    oauth.generateRandomNonce(), await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier())) }));
  const errorRedirect = new URL(await readLine());
  try {
    oauth.validateAuthResponse(as, client, errorRedirect, errorState);
    outcome.errorRedirect = 'accepted as a success';
  } catch (error) {
    outcome.errorRedirect = error instanceof oauth.AuthorizationResponseError
      ? { error: error.error, iss: errorRedirect.searchParams.get('iss') }
      : 'refused: ' + error.message;
  }

  // 6. client_credentials with private_key_jwt.
  const jwk = JSON.parse(env.PRIVATE_JWK);
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: jwk.crv }, false, ['sign']);
  const backend = { client_id: env.BACKEND_CLIENT_ID };
  const backendAuth = oauth.PrivateKeyJwt({ key, kid: jwk.kid });
  const system = await oauth.processClientCredentialsResponse(as, backend,
    await oauth.clientCredentialsGrantRequest(as, backend, backendAuth,
      new URLSearchParams({ scope: env.BACKEND_SCOPE })));
  outcome.backend = {
    scope: system.scope, expiresIn: system.expires_in, accessToken: system.access_token,
    introspected: await introspect(as, backend, backendAuth, system.access_token),
  };
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, backend, backendAuth,
    system.access_token));
  outcome.backend.activeAfterRevocation = (await introspect(as, backend, backendAuth, system.access_token)).active;
  console.log(JSON.stringify(outcome));
}

try {
  await run();
} catch (error) {
  console.log(JSON.stringify({ error: String(error), code: error.code ?? null,
    cause: error.cause ? JSON.stringify(error.cause) : null }));
  process.exitCode = 1;
} finally {
  process.stdin.destroy();
}
