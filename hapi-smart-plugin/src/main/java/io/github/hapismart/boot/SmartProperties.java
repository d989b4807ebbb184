package io.github.hapismart.boot;

import io.github.hapismart.config.AccessTokenSigning;
import io.github.hapismart.config.CorsMode;
import io.github.hapismart.config.RegistrationMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code smart.*} property of the Spring Boot auto-configuration, bound once at start. Durations take Boot's
 * forms ({@code 1h}, {@code 90d}, {@code PT5M}); lists take a YAML list or a comma-separated string. The values are
 * checked by {@link SmartPropertiesValidator} before anything is built, and a wrong one stops the start with a
 * message naming the property. Defaults match {@link io.github.hapismart.config.SmartSettings.Builder}.
 *
 * @param enabled                   whether the plugin is installed at all (default true)
 * @param fhirBaseUrl               the FHIR base URL as clients see it, e.g. {@code https://ehr.example.org/fhir}
 *                                  (required); the {@code aud} of every token
 * @param authBaseUrl               where the authorization endpoints live (default: the FHIR base's parent +
 *                                  {@code /auth})
 * @param registrationMode          RFC 7591 dynamic registration: {@code OFF}, {@code OPEN} or
 *                                  {@code INITIAL_ACCESS_TOKEN} (default OFF)
 * @param initialAccessTokens       the bearer tokens accepted for registration in INITIAL_ACCESS_TOKEN mode
 * @param corsAllowedOrigins        origins allowed by the plugin's CORS filter ({@code *} = any; default *)
 * @param corsMode                  how the plugin's CORS policy coexists with the host's on the FHIR API
 *                                  ({@code hapi.fhir.cors} in the starter): {@code MERGE} (default: the host answers
 *                                  the origins it allows, the plugin the others), {@code HOST} or {@code PLUGIN}
 * @param corsFilter                whether the plugin's CORS filter is registered at all (default true); turn it
 *                                  off where something in front already answers CORS for every path, /auth included
 * @param accessTokenLifetime       user-facing access tokens (default 1h)
 * @param systemAccessTokenLifetime backend-service access tokens (default 5m)
 * @param authorizationCodeLifetime authorization codes (default 60s)
 * @param refreshTokenLifetime      offline refresh tokens (default 90d)
 * @param launchContextLifetime     EHR launch contexts (default 5m)
 * @param revocationCheckInterval   the longest another node may honour a revoked access token (default 5s)
 * @param rotateRefreshTokens       whether each refresh returns a new refresh token (default true)
 * @param defaultClientScope        the largest scope of a client registered without {@code scope} (default: every
 *                                  user-facing scope)
 * @param keyEncryptionKeyFile      AES key file protecting the signing keys at rest; created when missing (default
 *                                  none: keys stored unencrypted)
 * @param loginSessionLifetime      a login on the authorization pages (default 8h)
 * @param launchApiClients          client ids allowed to create EHR launch contexts at {@code POST /auth/launch},
 *                                  in addition to provisioned clients with {@code launch-api: true}
 * @param accessTokenSigning        {@code HS256} (default) or {@code ES256}
 * @param clientJwksLifetime        how long a private_key_jwt client's key set from its jwks_uri is used (default 5m)
 * @param clientJwksRefetchInterval the period of the refetch limit for such a key set: at most two fetches per
 *                                  period when key ids are unknown (default 10s)
 * @param provisioning              clients and users created or updated at every start
 * @param resourceServer            resource-server mode: setting {@code smart.resource-server.issuer} turns it on
 * @param federation                upstream OpenID Connect providers users may sign in with
 *                                  (docs/identity-providers.md)
 * @param userAccessBrand           the SMART 2.2 User-Access Brand to publish (default none)
 * @param appState                  SMART App State ({@code smart.app-state.enabled}, default false;
 *                                  {@code smart.app-state.max-size}, default 256KB)
 */
@ConfigurationProperties("smart")
public record SmartProperties(
        @DefaultValue("true") boolean enabled,
        String fhirBaseUrl,
        String authBaseUrl,
        @DefaultValue("OFF") RegistrationMode registrationMode,
        @DefaultValue List<String> initialAccessTokens,
        @DefaultValue("*") List<String> corsAllowedOrigins,
        @DefaultValue("MERGE") CorsMode corsMode,
        @DefaultValue("true") boolean corsFilter,
        @DefaultValue("1h") Duration accessTokenLifetime,
        @DefaultValue("5m") Duration systemAccessTokenLifetime,
        @DefaultValue("60s") Duration authorizationCodeLifetime,
        @DefaultValue("90d") Duration refreshTokenLifetime,
        @DefaultValue("5m") Duration launchContextLifetime,
        @DefaultValue("5s") Duration revocationCheckInterval,
        @DefaultValue("true") boolean rotateRefreshTokens,
        String defaultClientScope,
        Path keyEncryptionKeyFile,
        @DefaultValue("8h") Duration loginSessionLifetime,
        @DefaultValue List<String> launchApiClients,
        @DefaultValue("HS256") AccessTokenSigning accessTokenSigning,
        @DefaultValue("5m") Duration clientJwksLifetime,
        @DefaultValue("10s") Duration clientJwksRefetchInterval,
        @DefaultValue Provisioning provisioning,
        @DefaultValue ResourceServer resourceServer,
        @DefaultValue Federation federation,
        Brand userAccessBrand,
        @DefaultValue AppState appState) {

    /**
     * Resource-server mode ({@code docs/identity-providers.md}): with {@code issuer} set, the plugin issues no tokens
     * and serves no login, and the FHIR API accepts that external server's access tokens under the same enforcement.
     * The introspection secret comes from an environment variable or a file, never from a literal.
     *
     * @param issuer                     the external server's issuer, exactly as its tokens' {@code iss}
     * @param audience                   the {@code aud} tokens must carry (default: the FHIR base URL)
     * @param discoveryUrl               its metadata (default {@code <issuer>/.well-known/openid-configuration})
     * @param jwksUri                    its key set (default: {@code jwks_uri} of the metadata)
     * @param algorithms                 accepted JWS algorithms (default RS256..512, PS256..512, ES256..512;
     *                                   {@code none} and {@code HS*} are refused)
     * @param jwksCacheLifetime          how long the key set is kept (default 5m)
     * @param jwksRefetchInterval        the least time between fetches for an unknown {@code kid} (default 30s)
     * @param introspectionEndpoint      RFC 7662 endpoint for opaque tokens (default: from the metadata)
     * @param introspectionClientId      the client this server introspects as; unset turns opaque tokens off
     * @param introspectionSecretEnv     environment variable holding its secret
     * @param introspectionSecretFile    file holding its secret
     * @param introspectionCacheLifetime how long an introspection answer is reused, the revocation bound
     *                                   (default 60s)
     * @param scopeClaims                claims holding scopes (default scope, scp, roles)
     * @param patientClaim               claim holding the patient context (default patient)
     * @param fhirUserClaim              claim holding the user's FHIR resource (default fhirUser)
     * @param clientIdClaims             claims naming the client (default client_id, azp, appid)
     * @param authorizationEndpoint      advertised instead of the metadata's
     * @param tokenEndpoint              advertised instead of the metadata's
     * @param contextCapabilities        {@code context-*} capabilities the external server honours (default none)
     * @param scopeSlash                 a character standing for the {@code /} of SMART scopes in the provider's
     *                                   scope names (Entra ID allows no {@code /}: {@code patient-Observation.rs});
     *                                   default none
     */
    public record ResourceServer(String issuer, String audience, String discoveryUrl, String jwksUri,
                                 @DefaultValue List<String> algorithms,
                                 @DefaultValue("5m") Duration jwksCacheLifetime,
                                 @DefaultValue("30s") Duration jwksRefetchInterval,
                                 String introspectionEndpoint, String introspectionClientId,
                                 String introspectionSecretEnv, Path introspectionSecretFile,
                                 @DefaultValue("60s") Duration introspectionCacheLifetime,
                                 @DefaultValue List<String> scopeClaims,
                                 @DefaultValue("patient") String patientClaim,
                                 @DefaultValue("fhirUser") String fhirUserClaim,
                                 @DefaultValue List<String> clientIdClaims,
                                 String authorizationEndpoint, String tokenEndpoint,
                                 @DefaultValue List<String> contextCapabilities, String scopeSlash) {
    }

    /**
     * Federated login: "Sign in with ..." buttons on the login page, one per provider.
     *
     * @param passwordLogin   whether the password form of the built-in users is shown too (default true)
     * @param upstreamTimeout the longest a call to a provider may take (default 10s)
     * @param providers       the providers, by id (the id appears in local account names: {@code <id>:<sub>})
     */
    public record Federation(@DefaultValue("true") boolean passwordLogin, @DefaultValue("10s") Duration upstreamTimeout,
                             @DefaultValue Map<String, IdentityProvider> providers) {
    }

    /**
     * One upstream OpenID Connect provider. Register {@code <auth-base-url>/upstream/callback} as its redirect URI.
     *
     * @param name            shown as "Sign in with {@code name}" (default: the id)
     * @param issuer          its issuer URL (discovery at {@code <issuer>/.well-known/openid-configuration})
     * @param clientId        this server's client id there
     * @param clientAuth      {@code client_secret_basic} (default), {@code client_secret_post} or {@code private_key_jwt}
     * @param clientSecret    the client secret (use a placeholder such as {@code ${KEYCLOAK_SECRET}})
     * @param privateKeyFile  a file holding this server's private JWK, for {@code private_key_jwt}
     * @param scopes          scopes asked for (default {@code openid profile})
     * @param fhirUser        {@code claim:<name>}, {@code search:<Type?identifier=system|{claim}> ...} or {@code table}
     * @param prompt          the OpenID {@code prompt} to send, e.g. {@code login}
     */
    public record IdentityProvider(String name, String issuer, String clientId, String clientAuth, String clientSecret,
                                   Path privateKeyFile, @DefaultValue List<String> scopes, String fhirUser,
                                   String prompt) {
    }

    /**
     * SMART App State.
     *
     * @param enabled whether the App State endpoint is served and advertised (default false)
     * @param maxSize the largest state resource accepted (default 256KB; between 1KB and 1MB)
     */
    public record AppState(@DefaultValue("false") boolean enabled,
                           @DefaultValue("256KB") org.springframework.util.unit.DataSize maxSize) {
    }

    /**
     * The User-Access Brand ({@code smart.user-access-brand.*}); published as a Brand Bundle when {@code name} is set.
     *
     * @param name              the name users recognize (required with any other field)
     * @param website           the brand's public website (required)
     * @param logo              https: or data: URL of the logo
     * @param logoLicense       URL of the logo's license terms
     * @param aliases           other or former names
     * @param identifiers       {@code system|value} or {@code value}; default: {@code urn:ietf:rfc:3986} and the
     *                          website's origin without {@code www.}
     * @param categories        user-access categories: prov, ins, laboratory, imaging, pharmacy,
     *                          health-information-network, aggregator
     * @param addresses         places: {@code city}, {@code state}, {@code postal-code}, {@code country}
     * @param portalName        the patient portal's name
     * @param portalUrl         the patient portal's URL
     * @param portalDescription who may connect, in the users' words (markdown)
     * @param portalLogo        https: or data: URL of the portal's logo
     * @param developerUrl      where developers configure access (default: website)
     */
    public record Brand(String name, String website, String logo, String logoLicense,
                        @DefaultValue List<String> aliases, @DefaultValue List<String> identifiers,
                        @DefaultValue List<String> categories, @DefaultValue List<BrandAddress> addresses,
                        String portalName, String portalUrl, String portalDescription, String portalLogo,
                        String developerUrl) {
    }

    /** One place of the brand. */
    public record BrandAddress(String city, String state, String postalCode, String country) {
    }

    /**
     * Clients and users declared in configuration, keyed by client id and username (a key with dots needs YAML's
     * bracket form {@code "[dr.jones]"}, or set {@code client-id} / {@code username} explicitly).
     *
     * @param clients the clients, by id
     * @param users   the users who can log in, by username
     */
    public record Provisioning(@DefaultValue Map<String, Client> clients, @DefaultValue Map<String, User> users) {
    }

    /**
     * One declared client. Its secret comes from {@code secret-env} (an environment variable), {@code secret-file}
     * (a file, trailing newline ignored) or {@code secret-hash} (a password-encoder hash such as
     * {@code {bcrypt}$2a$...}); never from a literal.
     *
     * @param clientId         the client id (default: the map key)
     * @param name             the name shown on the consent page (default: the id)
     * @param authMethod       {@code none}, {@code client_secret_basic}, {@code client_secret_post} or
     *                         {@code private_key_jwt} (default none)
     * @param secretEnv        environment variable holding the secret
     * @param secretFile       file holding the secret
     * @param secretHash       password-encoder hash of the secret
     * @param jwks             the client's public JWK Set as JSON, for private_key_jwt
     * @param jwksUri          where the client publishes its JWK Set, for private_key_jwt
     * @param redirectUris     exact redirect URIs
     * @param grantTypes       {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
     *                         (default: authorization_code and refresh_token, or client_credentials for
     *                         private_key_jwt clients without redirect URIs)
     * @param scopes           the largest scope it may receive, as a list or space-separated (default: the default
     *                         client scope; system/ scopes must be listed)
     * @param initiateLoginUri the app's launch URL for EHR launches
     * @param launchApi        whether it may create EHR launch contexts at {@code POST /auth/launch} (default false)
     */
    public record Client(String clientId, String name, String authMethod, String secretEnv, Path secretFile,
                         String secretHash, String jwks, String jwksUri, @DefaultValue List<String> redirectUris,
                         @DefaultValue List<String> grantTypes, @DefaultValue List<String> scopes,
                         String initiateLoginUri, @DefaultValue("false") boolean launchApi) {
    }

    /**
     * One declared user. The password comes from {@code password-env}, {@code password-file} or
     * {@code password-hash}; never from a literal.
     *
     * @param username     the login name (default: the map key)
     * @param passwordEnv  environment variable holding the password
     * @param passwordFile file holding the password
     * @param passwordHash password-encoder hash of the password, e.g. {@code {bcrypt}$2a$10$...}
     * @param fhirUser     the user's FHIR resource: {@code Practitioner/123}, or a search that finds exactly one,
     *                     e.g. {@code Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234567893}
     * @param displayName  the name shown on the pages (default: the username)
     */
    public record User(String username, String passwordEnv, Path passwordFile, String passwordHash, String fhirUser,
                       String displayName) {
    }
}
