package io.github.hapismart;

import io.github.hapismart.audit.AuditSettings;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.audit.AuditStore;
import io.github.hapismart.audit.AuditTrail;
import io.github.hapismart.audit.BalpAuditEvents;
import io.github.hapismart.authorize.AuthorizationEndpoint;
import io.github.hapismart.authorize.LoginAttempts;
import io.github.hapismart.authorize.LogoutEndpoint;
import io.github.hapismart.authorize.ManagementEndpoint;
import io.github.hapismart.authorize.Pages;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.authorize.StylesheetServlet;
import io.github.hapismart.appstate.AppStateEndpoint;
import io.github.hapismart.brands.BrandBundleEndpoint;
import io.github.hapismart.client.ClientRegistrar;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.JdbcClientRepository;
import io.github.hapismart.client.RegistrationEndpoint;
import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.authorize.ExternalLogin;
import io.github.hapismart.authorize.ExternalLoginCallback;
import io.github.hapismart.discovery.OpenIdConfigurationDocument;
import io.github.hapismart.federate.FederatedLogin;
import io.github.hapismart.federate.FederationSettings;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.discovery.SmartConfigurationDocument;
import io.github.hapismart.discovery.SmartConfigurationDocument.ServerFeatures;
import io.github.hapismart.keys.JwksEndpoint;
import io.github.hapismart.keys.KeyProtector;
import io.github.hapismart.keys.SigningKeys;
import io.github.hapismart.launch.LaunchContextStore;
import io.github.hapismart.launch.LaunchEndpoint;
import io.github.hapismart.token.AuthorizationCodeGrant;
import io.github.hapismart.token.AuthorizationCodes;
import io.github.hapismart.token.GrantRecords;
import io.github.hapismart.token.GrantUsage;
import io.github.hapismart.token.GrantRevocation;
import io.github.hapismart.token.IdTokenIssuer;
import io.github.hapismart.token.RefreshTokenGrant;
import io.github.hapismart.token.RefreshTokenKind;
import io.github.hapismart.token.RefreshTokens;
import io.github.hapismart.token.UserTokenResponses;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.AccessTokenService;
import io.github.hapismart.token.RevocationList;
import io.github.hapismart.user.UserRepository;
import io.github.hapismart.userinfo.UserInfoEndpoint;
import io.github.hapismart.web.CorsFilter;
import jakarta.servlet.Filter;
import io.github.hapismart.web.FaultBarrier;
import jakarta.servlet.http.HttpServlet;
import io.github.hapismart.client.ClientAssertionVerifier;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.introspect.IntrospectionEndpoint;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.revoke.RevocationEndpoint;
import io.github.hapismart.token.AccessTokenKind;
import io.github.hapismart.token.ClientCredentialsGrant;
import io.github.hapismart.token.GrantHandler;
import io.github.hapismart.token.TokenAudit;
import io.github.hapismart.token.TokenEndpoint;
import io.github.hapismart.token.TokenKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The authorization server half of the plugin, independent of HAPI: storage, keys, clients, users, discovery
 * documents and the servlets of the {@code /auth} endpoints. {@code hapi.SmartOnFhirPlugin} connects it to a
 * HAPI {@code RestfulServer}.
 */
public final class SmartAuthorizationServer {

    private final SmartSettings settings;
    private final Clock clock;
    private final SmartDatabase database;
    private final SigningKeys keys;
    private final ClientRepository clients;
    private final ClientRegistrar registrar;
    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final ServerFeatures features;
    private final RevocationList revocations;
    private final AccessTokenService accessTokens;
    private final TokenHashing tokenHashing;
    private final ClientAuthenticator clientAuthenticator;
    private final List<GrantHandler> grantHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<TokenKind> tokenKinds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LoginSessions loginSessions;
    private final LaunchContextStore launchContexts;
    private final AuthorizationCodes authorizationCodes;
    private final PatientDirectory patientDirectory;
    private final GrantRecords grantRecords;
    private final GrantRevocation grantRevocation;
    private final LoginAttempts loginAttempts;
    private final ExternalLogin externalLogin;
    private final AuditSettings auditSettings;
    private final AuditTrail auditTrail;
    private final AuditSink audit;
    /** When these settings took effect: the last change of what the Brand Bundle publishes. */
    private final java.time.Instant startedAt;

    private SmartAuthorizationServer(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.auditSettings = builder.auditSettings;
        this.auditTrail = builder.auditStore == null ? null : new AuditTrail(auditSettings,
                new BalpAuditEvents(settings.fhirBaseUrl()), builder.auditStore, Duration.ofSeconds(30));
        this.audit = auditTrail == null ? AuditSink.none() : auditTrail;
        this.passwordEncoder = builder.passwordEncoder;
        this.startedAt = clock.instant();
        this.database = new SmartDatabase(builder.dataSource);
        KeyProtector protector = settings.keyEncryptionKeyFile()
                .map(file -> KeyProtector.fromFile(file, builder.random))
                .orElseGet(KeyProtector::none);
        // Tables and the first keys under one lock: nodes starting together on an empty database make one key set.
        this.tokenHashing = new TokenHashing(builder.random);
        this.keys = database.migrateThen(() -> new SigningKeys(database, protector, clock, tokenHashing));
        this.clients = new JdbcClientRepository(database);
        this.registrar = new ClientRegistrar(clients, passwordEncoder, tokenHashing, clock,
                settings.defaultClientScope());
        this.revocations = new RevocationList(database, clock, settings.revocationCheckInterval());
        this.grantRecords = new GrantRecords(database, clock, settings.accessTokenLifetime());
        GrantUsage grantUsage = new GrantUsage(grantRecords, clock);
        this.accessTokens = new AccessTokenService(settings, keys, revocations, clock, tokenHashing,
                Optional.of(grantUsage));
        RemoteJwksCache remoteKeys = new RemoteJwksCache(builder.httpClient, clock,
                settings.clientJwksLifetime(), settings.clientJwksRefetchInterval());
        this.clientAuthenticator = new ClientAuthenticator(clients, passwordEncoder, new ClientAssertionVerifier(
                clients, remoteKeys, database, clock, settings.endpoint("token"), settings.fhirBaseUrl()),
                audit, clock);
        this.users = new UserRepository(database, passwordEncoder, tokenHashing);
        this.patientDirectory = builder.patientDirectory;
        this.loginSessions = new LoginSessions(database, tokenHashing, clock, settings.loginSessionLifetime());
        this.launchContexts = new LaunchContextStore(database, tokenHashing, clock, settings.launchContextLifetime(),
                audit);
        this.authorizationCodes = new AuthorizationCodes(database, tokenHashing, clock,
                settings.authorizationCodeLifetime());
        RefreshTokens refreshTokens = new RefreshTokens(database, tokenHashing, clock, settings.refreshTokenLifetime());
        this.grantRevocation = new GrantRevocation(refreshTokens, grantRecords, revocations, clock,
                settings.accessTokenLifetime(), audit);
        this.loginAttempts = new LoginAttempts(users, loginSessions, database, clock, audit);
        this.externalLogin = builder.federation.providers().isEmpty() && builder.federation.passwordLogin()
                ? ExternalLogin.none()
                : new FederatedLogin(new FederatedLogin.Dependencies(builder.federation, settings.fhirBaseUrl(),
                        settings.authBaseUrl(), database, users, passwordEncoder, tokenHashing, clock,
                        builder.httpClient, builder.fhirUserResolver, audit));
        UserTokenResponses userTokens = new UserTokenResponses(settings, accessTokens, Optional.of(grantUsage));
        grantHandlers.add(new ClientCredentialsGrant(settings, accessTokens));
        IdTokenIssuer idTokens = new IdTokenIssuer(settings, keys, clock);
        grantHandlers.add(new AuthorizationCodeGrant(authorizationCodes, userTokens, refreshTokens, idTokens,
                grantRevocation, clock));
        grantHandlers.add(new RefreshTokenGrant(refreshTokens, userTokens, idTokens, grantRevocation, loginSessions,
                clock, settings.rotateRefreshTokens()));
        tokenKinds.add(new AccessTokenKind(settings, accessTokens, revocations, audit, clock));
        tokenKinds.add(new RefreshTokenKind(settings, refreshTokens, grantRevocation, loginSessions, clock));
        this.features = new ServerFeatures(
                List.of("launch-ehr", "launch-standalone", "authorize-post", "client-public",
                        "client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect",
                        "context-passthrough-banner", "context-passthrough-style", "context-ehr-patient",
                        "context-ehr-encounter", "context-standalone-patient", "permission-offline",
                        "permission-online", "permission-patient", "permission-user", "permission-v1",
                        "permission-v2"),
                List.of("authorization_code", "refresh_token", "client_credentials"),
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"),
                List.of("openid", "fhirUser", "profile", "launch", "launch/patient", "launch/encounter",
                        "offline_access", "online_access", "patient/*.rs", "user/*.rs", "system/*.rs",
                        "patient/*.cruds", "user/*.cruds", "system/*.cruds", "patient/*.read", "user/*.read",
                        "system/*.read"),
                Optional.of("manage"), Optional.of("introspect"), Optional.of("revoke"));
    }

    /** Starts building a server for these settings, storing its state in {@code dataSource}. */
    public static Builder builder(SmartSettings settings, DataSource dataSource) {
        return new Builder(settings, dataSource);
    }

    public SmartSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public SigningKeys keys() {
        return keys;
    }

    public ClientRepository clients() {
        return clients;
    }

    public ClientRegistrar registrar() {
        return registrar;
    }

    public UserRepository users() {
        return users;
    }

    public PasswordEncoder passwordEncoder() {
        return passwordEncoder;
    }

    /** Issues and verifies access tokens. */
    public AccessTokenService accessTokens() {
        return accessTokens;
    }

    /** Revoked tokens and grant families. */
    public RevocationList revocations() {
        return revocations;
    }

    /** Makes and hashes random codes and tokens. */
    public TokenHashing tokenHashing() {
        return tokenHashing;
    }

    /** Authenticates clients at the token, introspection and revocation endpoints. */
    public ClientAuthenticator clientAuthenticator() {
        return clientAuthenticator;
    }

    /** EHR launch contexts, for an EHR living in the same process (the sample server's simulator). */
    public LaunchContextStore launchContexts() {
        return launchContexts;
    }

    /** Login sessions of the authorization pages. */
    public LoginSessions loginSessions() {
        return loginSessions;
    }

    public SmartDatabase database() {
        return database;
    }

    /** Where the plugin records audit events ({@link AuditSink#none()} when no audit store was given). */
    public AuditSink audit() {
        return audit;
    }

    /** What is audited. */
    public AuditSettings auditSettings() {
        return auditSettings;
    }

    /** The audit trail's queue and counters, if an audit store was given. */
    public Optional<AuditTrail> auditTrail() {
        return Optional.ofNullable(auditTrail);
    }

    /** Writes the audit events still queued and stops the audit writer; call it once, at shutdown. */
    public void close() {
        if (auditTrail != null) {
            auditTrail.close();
        }
    }

    /** The smart-configuration document. */
    public Map<String, Object> smartConfiguration() {
        return new SmartConfigurationDocument(settings, features).toJson();
    }

    /** The openid-configuration document. */
    public Map<String, Object> openIdConfiguration() {
        return new OpenIdConfigurationDocument(settings, features).toJson();
    }

    /** The authorization server's endpoints as servlet path → servlet, for a servlet context at the server root. */
    public Map<String, HttpServlet> servlets() {
        String base = URI.create(settings.authBaseUrl()).getPath();
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put(base + "/jwks", new JwksEndpoint(keys));
        Pages pages = new Pages(base + "/assets/smart.css");
        servlets.put(base + "/assets/smart.css", new StylesheetServlet());
        servlets.put(base + "/authorize", new AuthorizationEndpoint(new AuthorizationEndpoint.Dependencies(settings,
                database, tokenHashing, clock, clients, users, loginSessions, launchContexts, authorizationCodes,
                grantRecords, patientDirectory, loginAttempts, pages, audit), externalLogin));
        if (!externalLogin.options().isEmpty()) {
            servlets.put(base + "/" + FederatedLogin.CALLBACK_PATH,
                    new ExternalLoginCallback(settings, externalLogin, loginSessions, pages));
        }
        servlets.put(base + "/manage", new ManagementEndpoint(new ManagementEndpoint.Dependencies(settings,
                loginSessions, loginAttempts, clients, grantRecords, grantRevocation, patientDirectory, tokenHashing,
                pages), externalLogin));
        servlets.put(base + "/logout", new LogoutEndpoint(settings, loginSessions, pages, audit, clock));
        servlets.put(base + "/launch", new LaunchEndpoint(settings, clientAuthenticator, clients, launchContexts));
        servlets.put(base + "/token", new TokenEndpoint(clientAuthenticator, grantHandlers,
                new TokenAudit(audit, clock)));
        servlets.put(base + "/introspect", new IntrospectionEndpoint(clientAuthenticator, tokenKinds, audit, clock));
        servlets.put(base + "/revoke", new RevocationEndpoint(clientAuthenticator, tokenKinds));
        servlets.put(base + "/userinfo", new UserInfoEndpoint(settings, accessTokens, users));
        settings.userAccessBrand().ifPresent(brand -> servlets.put(base + "/brands",
                new BrandBundleEndpoint(settings, brand, startedAt)));
        if (settings.appState().enabled()) {
            servlets.put(base + "/appstate/*", new AppStateEndpoint(settings, accessTokens, clients, database,
                    tokenHashing, clock));
        }
        if (settings.registrationMode() != RegistrationMode.OFF) {
            servlets.put(base + "/register", new RegistrationEndpoint(settings, registrar, audit, clock));
        }
        // Every endpoint answers an unexpected failure (a database outage above all) as JSON, never as an HTML page.
        servlets.replaceAll((path, servlet) -> FaultBarrier.wrap(servlet));
        return servlets;
    }

    /**
     * The plugin's CORS filter alone, to map on {@code /*} (FHIR API, discovery, token endpoint), for a server with no
     * CORS configuration of its own; {@code SmartOnFhirPlugin.corsFilter()} also honours the host's.
     */
    public Filter corsFilter() {
        return new CorsFilter(settings);
    }

    /** Builds a {@link SmartAuthorizationServer}; clock, randomness and password encoder are replaceable. */
    public static final class Builder {
        private final SmartSettings settings;
        private final DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private PasswordEncoder passwordEncoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        private PatientDirectory patientDirectory = PatientDirectory.none();
        private FederationSettings federation = FederationSettings.none();
        private FhirUserResolver fhirUserResolver = FhirUserResolver.literalOnly();
        private AuditStore auditStore;
        private AuditSettings auditSettings = AuditSettings.DEFAULTS;
        private HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        private Builder(SmartSettings settings, DataSource dataSource) {
            this.settings = Objects.requireNonNull(settings);
            this.dataSource = Objects.requireNonNull(dataSource);
        }

        public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value); return this; }
        public Builder random(SecureRandom value) { this.random = Objects.requireNonNull(value); return this; }
        public Builder passwordEncoder(PasswordEncoder value) { this.passwordEncoder = Objects.requireNonNull(value); return this; }
        /** The HTTP client used to fetch clients' {@code jwks_uri}. */
        public Builder httpClient(HttpClient value) { this.httpClient = Objects.requireNonNull(value); return this; }

        /**
         * Records the audit trail in {@code store} (on HAPI JPA: {@code hapi.JpaAuditStore}, the FHIR server itself),
         * as {@code settings} say; without it nothing is audited.
         */
        public Builder audit(AuditStore store, AuditSettings settings) {
            this.auditStore = Objects.requireNonNull(store);
            this.auditSettings = Objects.requireNonNull(settings);
            return this;
        }

        /** Where the patient picker finds patients (default: nowhere; practitioners then cannot pick). */
        public Builder patientDirectory(PatientDirectory value) { this.patientDirectory = Objects.requireNonNull(value); return this; }

        /** Upstream OpenID Connect providers users may sign in with (default none: the password form only). */
        public Builder federation(FederationSettings value) { this.federation = Objects.requireNonNull(value); return this; }

        /**
         * How federated login's {@code search:} mapping finds FHIR users (default: literal references only; on a
         * HAPI JPA server {@code hapi.JpaFhirUserResolver}).
         */
        public Builder fhirUserResolver(FhirUserResolver value) { this.fhirUserResolver = Objects.requireNonNull(value); return this; }

        public SmartAuthorizationServer build() {
            return new SmartAuthorizationServer(this);
        }
    }
}
