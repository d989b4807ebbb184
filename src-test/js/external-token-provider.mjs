// An external authorization server for the resource-server-mode tests: the OpenID Certified `oidc-provider`,
// configured as a Keycloak realm would be for a FHIR API, on loopback. The tests talk to it over HTTP only.
//
// It issues access tokens for the FHIR API through resource indicators (RFC 8707): JWT access tokens
// (RFC 9068, signed RS256 with the keys in JWKS_FILE) or, for clients registered with
// "access_token_format": "opaque", opaque tokens that its RFC 7662 introspection endpoint describes.
//
// Environment:
//   RESOURCE             the FHIR base URL: the resource indicator (and audience) of the FHIR API
//   OTHER_RESOURCE       another API's resource indicator, for tokens with the wrong audience
//   JWKS_FILE            a JSON Web Key Set with private keys (the first signs access tokens)
//   INTROSPECTOR_SECRET  the secret of `fhir-server`, the client the FHIR server introspects as
//   BACKEND_SECRET       the secret of `backend`, a client_credentials client
//   PORT                 the loopback port to listen on (default: a free one)
// Clients: `backend` (client_credentials, client_secret_basic), `app` (public, authorization code with PKCE,
// redirect http://127.0.0.1/callback), `fhir-server` (introspection only), and any client registered at
// /reg (RFC 7591, open) with these extra metadata:
//   smart_scope          the SMART scopes the client may get for the FHIR API (default: DEFAULT_SCOPES)
//   patient, fhir_user   put into its client_credentials tokens as the `patient` and `fhirUser` claims
//   access_token_format  "jwt" (default) or "opaque"
// A user logs in at the development login page with any password; a login name shaped as a FHIR reference
// (Patient/123, Practitioner/456) becomes the token's `fhirUser`, and a Patient also its `patient` claim,
// as a Keycloak user attribute mapped into the token would.
// Prints {"issuer": "..."} on one line once it listens on loopback; stops when its standard input closes.
import Provider from 'oidc-provider';
import http from 'node:http';
import fs from 'node:fs';

const env = process.env;
const RESOURCE = env.RESOURCE;
const OTHER_RESOURCE = env.OTHER_RESOURCE ?? 'http://other.example/fhir';
const DEFAULT_SCOPES = 'patient/*.rs patient/*.read patient/*.cruds user/*.rs user/*.cruds system/*.rs '
  + 'system/*.cruds system/Patient.rs patient/Patient.rs patient/Observation.rs';

const server = http.createServer();
// Keep idle connections open: Node closes them after 5 s by default, while the tests' Java HttpClient reuses
// a pooled connection for much longer, and one that Node closed just then fails with "header parser received no bytes".
server.keepAliveTimeout = 0;
await new Promise((resolve) => server.listen(Number(env.PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

function referenceClaims(reference) {
  const claims = {};
  if (typeof reference === 'string' && /^(Patient|Practitioner|RelatedPerson|Person)\/[A-Za-z0-9.-]+$/.test(reference)) {
    claims.fhirUser = reference;
    if (reference.startsWith('Patient/')) claims.patient = reference.substring('Patient/'.length);
  }
  return claims;
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'backend', client_secret: env.BACKEND_SECRET, grant_types: ['client_credentials'],
      response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: 'app', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none',
    },
    {
      client_id: 'fhir-server', client_secret: env.INTROSPECTOR_SECRET, grant_types: [], response_types: [],
      redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: JSON.parse(fs.readFileSync(env.JWKS_FILE, 'utf8')),
  cookies: { keys: ['external-token-provider-test-only'] },
  scopes: ['openid', 'offline_access'],
  claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
  extraClientMetadata: { properties: ['smart_scope', 'patient', 'fhir_user', 'access_token_format'] },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id, ...referenceClaims(id) }; } };
  },
  async extraTokenClaims(ctx, token) {
    if (token.accountId) return referenceClaims(token.accountId);
    const client = await ctx.oidc.provider.Client.find(token.clientId);
    const claims = {};
    if (client?.patient) claims.patient = client.patient;
    if (client?.fhir_user) claims.fhirUser = client.fhir_user;
    return claims;
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    registration: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      async getResourceServerInfo(ctx, resourceIndicator, client) {
        if (resourceIndicator !== RESOURCE && resourceIndicator !== OTHER_RESOURCE) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: client.smart_scope ?? DEFAULT_SCOPES,
          audience: resourceIndicator,
          accessTokenTTL: 300,
          accessTokenFormat: client.access_token_format === 'opaque' ? 'opaque' : 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
    ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
    Grant: 3600, Interaction: 600, Session: 3600, IdToken: 300, AuthorizationCode: 60, RefreshToken: 3600,
  },
});
provider.proxy = false;
// oidc-provider warns loudly about development defaults; the tests read stdout for the ready line only.
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));

process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
