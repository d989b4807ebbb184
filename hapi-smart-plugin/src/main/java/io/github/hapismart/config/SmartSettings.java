package io.github.hapismart.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The plugin's whole configuration, immutable. Build it with {@link #builder(String)}; every field
 * has a documented default (see {@code docs/configuration.md}).
 *
 * @param fhirBaseUrl                 the FHIR base URL as clients see it; it is the {@code aud} every token is for
 *                                    and the {@code iss} of id_tokens
 * @param authBaseUrl                 where the authorization server's endpoints live (default: the FHIR base's
 *                                    parent + {@code /auth})
 * @param registrationMode            who may register clients (default {@link RegistrationMode#OFF})
 * @param initialAccessTokens         bearer tokens accepted for registration in {@code INITIAL_ACCESS_TOKEN} mode
 * @param corsAllowedOrigins          origins allowed by CORS on discovery, token and FHIR endpoints ({@code *} = any)
 * @param corsMode                    how that policy coexists with the host server's own CORS configuration on the
 *                                    FHIR API (default {@link CorsMode#MERGE})
 * @param accessTokenLifetime         lifetime of user-facing access tokens (default 1 hour)
 * @param systemAccessTokenLifetime   lifetime of backend-service ({@code system/}) access tokens (default 5 minutes)
 * @param authorizationCodeLifetime   lifetime of authorization codes (default 60 seconds)
 * @param refreshTokenLifetime        lifetime of offline refresh tokens (default 90 days)
 * @param launchContextLifetime       lifetime of an EHR launch context (default 5 minutes)
 * @param revocationCheckInterval     the longest a revoked access token may still be honoured (default 5 seconds)
 * @param rotateRefreshTokens         whether each refresh returns a new refresh token (default true)
 * @param defaultClientScope          the largest scope of a client registered without {@code scope}
 * @param keyEncryptionKeyFile        file holding the AES key that protects signing keys in the database;
 *                                    created on first start when missing; empty stores keys unencrypted
 * @param loginSessionLifetime        how long a login on the authorization pages lasts (default 8 hours); online
 *                                    refresh tokens end with it
 * @param launchApiClients            the confidential clients (EHRs) allowed to create EHR launch contexts through
 *                                    {@code POST /auth/launch} (default none)
 * @param accessTokenSigning          how access tokens are signed (default {@link AccessTokenSigning#HS256})
 * @param clientJwksLifetime          how long a {@code private_key_jwt} client's key set fetched from its
 *                                    {@code jwks_uri} is used before it is fetched again (default 5 minutes)
 * @param clientJwksRefetchInterval   the period of the refetch limit for such a key set: an unknown key id makes
 *                                    the server fetch it again, at most twice per period (default 10 seconds)
 * @param userAccessBrand             the SMART 2.2 User-Access Brand to publish (default none: no Brand Bundle, and
 *                                    smart-configuration has no {@code user_access_brand_bundle})
 * @param appState                    SMART App State (default off: not served, not advertised)
 */
public record SmartSettings(
        String fhirBaseUrl,
        String authBaseUrl,
        RegistrationMode registrationMode,
        Set<String> initialAccessTokens,
        List<String> corsAllowedOrigins,
        CorsMode corsMode,
        Duration accessTokenLifetime,
        Duration systemAccessTokenLifetime,
        Duration authorizationCodeLifetime,
        Duration refreshTokenLifetime,
        Duration launchContextLifetime,
        Duration revocationCheckInterval,
        boolean rotateRefreshTokens,
        String defaultClientScope,
        Optional<Path> keyEncryptionKeyFile,
        Duration loginSessionLifetime,
        Set<String> launchApiClients,
        AccessTokenSigning accessTokenSigning,
        Duration clientJwksLifetime,
        Duration clientJwksRefetchInterval,
        Optional<UserAccessBrand> userAccessBrand,
        AppStateSettings appState) {

    /** The scope a client registered without {@code scope} may at most receive: every user-facing scope. */
    public static final String DEFAULT_CLIENT_SCOPE = "openid fhirUser profile launch launch/patient launch/encounter "
            + "offline_access online_access patient/*.cruds user/*.cruds patient/*.* user/*.*";

    public SmartSettings {
        fhirBaseUrl = stripSlash(Objects.requireNonNull(fhirBaseUrl, "fhirBaseUrl"));
        authBaseUrl = stripSlash(Objects.requireNonNull(authBaseUrl, "authBaseUrl"));
        URI.create(fhirBaseUrl);
        URI.create(authBaseUrl);
        Objects.requireNonNull(registrationMode);
        initialAccessTokens = Set.copyOf(initialAccessTokens);
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        Objects.requireNonNull(corsMode, "corsMode");
        Objects.requireNonNull(accessTokenLifetime);
        Objects.requireNonNull(systemAccessTokenLifetime);
        Objects.requireNonNull(authorizationCodeLifetime);
        Objects.requireNonNull(refreshTokenLifetime);
        Objects.requireNonNull(launchContextLifetime);
        Objects.requireNonNull(revocationCheckInterval);
        Objects.requireNonNull(defaultClientScope);
        Objects.requireNonNull(keyEncryptionKeyFile);
        Objects.requireNonNull(loginSessionLifetime);
        launchApiClients = Set.copyOf(launchApiClients);
        Objects.requireNonNull(accessTokenSigning, "accessTokenSigning");
        Objects.requireNonNull(clientJwksLifetime, "clientJwksLifetime");
        Objects.requireNonNull(clientJwksRefetchInterval, "clientJwksRefetchInterval");
        Objects.requireNonNull(userAccessBrand, "userAccessBrand");
        Objects.requireNonNull(appState, "appState");
        if (registrationMode == RegistrationMode.INITIAL_ACCESS_TOKEN && initialAccessTokens.isEmpty()) {
            throw new IllegalArgumentException("INITIAL_ACCESS_TOKEN registration needs at least one token");
        }
    }

    /** A builder with every default set, for a server whose FHIR base is {@code fhirBaseUrl}. */
    public static Builder builder(String fhirBaseUrl) {
        return new Builder(fhirBaseUrl);
    }

    /** A copy of these settings as a builder. */
    public Builder toBuilder() {
        return new Builder(fhirBaseUrl).authBaseUrl(authBaseUrl).registrationMode(registrationMode)
                .initialAccessTokens(initialAccessTokens).corsAllowedOrigins(corsAllowedOrigins).corsMode(corsMode)
                .accessTokenLifetime(accessTokenLifetime).systemAccessTokenLifetime(systemAccessTokenLifetime)
                .authorizationCodeLifetime(authorizationCodeLifetime).refreshTokenLifetime(refreshTokenLifetime)
                .launchContextLifetime(launchContextLifetime).revocationCheckInterval(revocationCheckInterval)
                .rotateRefreshTokens(rotateRefreshTokens).defaultClientScope(defaultClientScope)
                .keyEncryptionKeyFile(keyEncryptionKeyFile.orElse(null))
                .loginSessionLifetime(loginSessionLifetime).launchApiClients(launchApiClients)
                .accessTokenSigning(accessTokenSigning).clientJwksLifetime(clientJwksLifetime)
                .clientJwksRefetchInterval(clientJwksRefetchInterval).userAccessBrand(userAccessBrand.orElse(null))
                .appState(appState);
    }

    /** The absolute URL of an authorization-server endpoint, e.g. {@code endpoint("token")}. */
    public String endpoint(String name) {
        return authBaseUrl + "/" + name;
    }

    /** Whether the origin may call the server from a browser. */
    public boolean isOriginAllowed(String origin) {
        return corsAllowedOrigins.contains("*") || corsAllowedOrigins.contains(origin);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Builds {@link SmartSettings}; every setter is optional. */
    public static final class Builder {
        private final String fhirBaseUrl;
        private String authBaseUrl;
        private RegistrationMode registrationMode = RegistrationMode.OFF;
        private Set<String> initialAccessTokens = Set.of();
        private List<String> corsAllowedOrigins = List.of("*");
        private CorsMode corsMode = CorsMode.MERGE;
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private Duration systemAccessTokenLifetime = Duration.ofMinutes(5);
        private Duration authorizationCodeLifetime = Duration.ofSeconds(60);
        private Duration refreshTokenLifetime = Duration.ofDays(90);
        private Duration launchContextLifetime = Duration.ofMinutes(5);
        private Duration revocationCheckInterval = Duration.ofSeconds(5);
        private boolean rotateRefreshTokens = true;
        private String defaultClientScope = DEFAULT_CLIENT_SCOPE;
        private Path keyEncryptionKeyFile;
        private Duration loginSessionLifetime = Duration.ofHours(8);
        private Set<String> launchApiClients = Set.of();
        private AccessTokenSigning accessTokenSigning = AccessTokenSigning.HS256;
        private Duration clientJwksLifetime = Duration.ofMinutes(5);
        private Duration clientJwksRefetchInterval = Duration.ofSeconds(10);
        private UserAccessBrand userAccessBrand;
        private AppStateSettings appState = AppStateSettings.off();

        private Builder(String fhirBaseUrl) {
            this.fhirBaseUrl = stripSlash(fhirBaseUrl);
            String path = java.net.URI.create(this.fhirBaseUrl).getRawPath();
            String parent = path == null || path.isEmpty()
                    ? this.fhirBaseUrl
                    : this.fhirBaseUrl.substring(0, this.fhirBaseUrl.lastIndexOf('/'));
            this.authBaseUrl = parent + "/auth";
        }

        public Builder authBaseUrl(String value) { this.authBaseUrl = value; return this; }
        public Builder registrationMode(RegistrationMode value) { this.registrationMode = value; return this; }
        public Builder initialAccessTokens(Set<String> value) { this.initialAccessTokens = value; return this; }
        public Builder corsAllowedOrigins(List<String> value) { this.corsAllowedOrigins = value; return this; }
        public Builder corsMode(CorsMode value) { this.corsMode = value; return this; }
        public Builder accessTokenLifetime(Duration value) { this.accessTokenLifetime = value; return this; }
        public Builder systemAccessTokenLifetime(Duration value) { this.systemAccessTokenLifetime = value; return this; }
        public Builder authorizationCodeLifetime(Duration value) { this.authorizationCodeLifetime = value; return this; }
        public Builder refreshTokenLifetime(Duration value) { this.refreshTokenLifetime = value; return this; }
        public Builder launchContextLifetime(Duration value) { this.launchContextLifetime = value; return this; }
        public Builder revocationCheckInterval(Duration value) { this.revocationCheckInterval = value; return this; }
        public Builder rotateRefreshTokens(boolean value) { this.rotateRefreshTokens = value; return this; }
        public Builder defaultClientScope(String value) { this.defaultClientScope = value; return this; }
        public Builder keyEncryptionKeyFile(Path value) { this.keyEncryptionKeyFile = value; return this; }
        public Builder loginSessionLifetime(Duration value) { this.loginSessionLifetime = value; return this; }
        public Builder launchApiClients(Set<String> value) { this.launchApiClients = value; return this; }
        public Builder accessTokenSigning(AccessTokenSigning value) { this.accessTokenSigning = value; return this; }
        public Builder clientJwksLifetime(Duration value) { this.clientJwksLifetime = value; return this; }
        public Builder clientJwksRefetchInterval(Duration value) { this.clientJwksRefetchInterval = value; return this; }
        /** The User-Access Brand to publish; null publishes none. */
        public Builder userAccessBrand(UserAccessBrand value) { this.userAccessBrand = value; return this; }
        public Builder appState(AppStateSettings value) { this.appState = value; return this; }

        public SmartSettings build() {
            return new SmartSettings(fhirBaseUrl, authBaseUrl, registrationMode, initialAccessTokens,
                    corsAllowedOrigins, corsMode, accessTokenLifetime, systemAccessTokenLifetime, authorizationCodeLifetime,
                    refreshTokenLifetime, launchContextLifetime, revocationCheckInterval, rotateRefreshTokens,
                    defaultClientScope, Optional.ofNullable(keyEncryptionKeyFile), loginSessionLifetime,
                    launchApiClients, accessTokenSigning, clientJwksLifetime, clientJwksRefetchInterval,
                    Optional.ofNullable(userAccessBrand), appState);
        }
    }
}
