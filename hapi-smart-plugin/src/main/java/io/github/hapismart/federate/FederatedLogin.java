package io.github.hapismart.federate;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.authorize.ExternalLogin;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.user.UserAccount;
import io.github.hapismart.user.UserRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Signing in at an upstream OpenID Connect provider, the {@link ExternalLogin} of the authorization pages.
 *
 * <p>{@link #begin} sends the browser to the provider's authorization endpoint with a fresh {@code state},
 * {@code nonce} and PKCE S256 challenge, recorded server-side against the browser's binding cookie.
 * {@link #complete} takes that record back once (a state that is unknown, expired, used or from another browser is
 * refused), refuses an error answer, redeems the code, checks the id_token ({@link IdTokenCheck}) and maps the
 * identity to a {@code fhirUser} ({@link FhirUserMapper}). A user that maps to nothing is refused: no account is
 * made, nothing is granted, and the page says so.
 *
 * <p>A mapped user is recorded as a local account named {@code <provider id>:<sub>} (created or updated at each
 * sign-in with the current fhirUser and name), because everything after the login step (sessions, grants, the
 * management page) refers to a local account. Its password hash is of a random secret nobody holds, so it cannot
 * sign in with a password.
 */
public final class FederatedLogin implements ExternalLogin {

    private static final Logger LOG = LoggerFactory.getLogger(FederatedLogin.class);

    private final FederationSettings settings;
    private final UpstreamDiscovery discovery;
    private final UpstreamLogins logins;
    private final UpstreamTokenClient tokens;
    private final IdTokenCheck idTokens;
    private final FhirUserMapper mapper;
    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final TokenHashing random;
    private final URI callbackUri;
    private final AuditSink audit;
    private final Clock clock;

    /** The collaborators, as one parameter object. */
    public record Dependencies(FederationSettings settings, String fhirBaseUrl, String authBaseUrl,
                               SmartDatabase database, UserRepository users, PasswordEncoder passwordEncoder,
                               TokenHashing random, Clock clock, HttpClient http, FhirUserResolver fhirUsers,
                               AuditSink audit) {

        /** Without an audit trail. */
        public Dependencies(FederationSettings settings, String fhirBaseUrl, String authBaseUrl,
                            SmartDatabase database, UserRepository users, PasswordEncoder passwordEncoder,
                            TokenHashing random, Clock clock, HttpClient http, FhirUserResolver fhirUsers) {
            this(settings, fhirBaseUrl, authBaseUrl, database, users, passwordEncoder, random, clock, http, fhirUsers,
                    AuditSink.none());
        }
    }

    /** What one callback learned before it succeeded or failed, for its audit event. */
    private static final class Attempt {
        private UpstreamProvider provider;
        private String subject;
        private String fhirUser;
    }

    public FederatedLogin(Dependencies deps) {
        this.settings = deps.settings();
        Duration timeout = settings.upstreamTimeout();
        this.discovery = new UpstreamDiscovery(deps.http(), timeout);
        this.logins = new UpstreamLogins(deps.database(), deps.clock());
        this.tokens = new UpstreamTokenClient(deps.http(), timeout, deps.clock());
        this.idTokens = new IdTokenCheck(new RemoteJwksCache(deps.http(), deps.clock(), Duration.ofMinutes(10),
                Duration.ofSeconds(10)), deps.clock());
        this.mapper = new FhirUserMapper(deps.fhirUsers(), new UpstreamIdentities(deps.database()),
                deps.fhirBaseUrl());
        this.users = deps.users();
        this.passwordEncoder = deps.passwordEncoder();
        this.random = deps.random();
        this.callbackUri = URI.create(deps.authBaseUrl() + "/" + CALLBACK_PATH);
        this.audit = deps.audit();
        this.clock = deps.clock();
    }

    /** The callback's path under the auth base URL; register {@code <auth base>/upstream/callback} at the provider. */
    public static final String CALLBACK_PATH = "upstream/callback";

    @Override
    public List<Option> options() {
        return settings.providers().stream().map(p -> new Option(p.id(), p.displayName())).toList();
    }

    @Override
    public boolean passwordLogin() {
        return settings.passwordLogin();
    }

    @Override
    public URI begin(String optionId, String txn, String binding) {
        UpstreamProvider provider = provider(optionId).orElseThrow(() ->
                fail(400, "This sign-in option does not exist.", txn));
        OIDCProviderMetadata metadata = discovery.metadata(provider).orElseThrow(() -> {
            LOG.warn("Federated login: {} ({}) did not answer its discovery document", provider.id(),
                    provider.issuer());
            return fail(502, provider.displayName() + " does not answer. Please try again later.", txn);
        });
        State state = new State(random.newToken());
        Nonce nonce = new Nonce(random.newToken());
        CodeVerifier verifier = new CodeVerifier(random.newToken() + random.newToken());
        logins.start(state.getValue(), binding,
                new UpstreamLogins.Started(provider.id(), nonce.getValue(), verifier.getValue(), txn));
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope(provider.scopes().toArray(String[]::new)), new ClientID(provider.clientId()), callbackUri)
                .endpointURI(metadata.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        provider.prompt().ifPresent(prompt -> request.prompt(UpstreamProvider.parsePrompt(prompt)));
        return request.build().toURI();
    }

    @Override
    public Completed complete(Map<String, String> params, String binding) {
        return complete(params, binding, (String) null);
    }

    /**
     * Finishes the sign-in and records it in the audit trail ({@code upstream-login}): the provider, its issuer and
     * the user's subject there, the local account and fhirUser on success, the reason on failure; never a code or
     * a token.
     */
    @Override
    public Completed complete(Map<String, String> params, String binding, String address) {
        Attempt attempt = new Attempt();
        try {
            Completed done = finish(params, binding, attempt);
            record(attempt, address, true, done.username(), null);
            return done;
        } catch (FailedException e) {
            record(attempt, address, false, null, e.failure().message());
            throw e;
        }
    }

    private void record(Attempt attempt, String address, boolean success, String username, String reason) {
        AuditRecord.Builder event = AuditRecord.of(AuditKind.UPSTREAM_LOGIN, success, clock.instant())
                .user(username).fhirUser(success ? attempt.fhirUser : null).network(address)
                .request("GET " + callbackUri.getPath()).reason(reason)
                .detail("upstream_subject", attempt.subject);
        if (attempt.provider != null) {
            event.detail("provider", attempt.provider.id()).detail("upstream_issuer", attempt.provider.issuerValue());
        }
        audit.record(event.build());
    }

    private Completed finish(Map<String, String> params, String binding, Attempt attempt) {
        UpstreamLogins.Started started = logins.take(params.get("state"), binding).orElseThrow(() ->
                fail(400, "This sign-in answer is not for a sign-in started in this browser, or it has expired or "
                        + "been used. Please start again from the app.", null));
        String txn = started.txn();
        UpstreamProvider provider = provider(started.providerId()).orElseThrow(() ->
                fail(400, "This sign-in option no longer exists.", txn));
        attempt.provider = provider;
        String name = provider.displayName();
        if (params.containsKey("error")) {
            LOG.info("Federated login: {} answered error={} ({})", provider.id(), params.get("error"),
                    params.get("error_description"));
            throw fail(403, name + " did not sign you in (" + printable(params.get("error"))
                    + Optional.ofNullable(params.get("error_description")).map(d -> ": " + printable(d)).orElse("")
                    + ").", txn);
        }
        String code = params.get("code");
        if (code == null || code.isEmpty() || code.length() > 4096) {
            throw fail(400, name + " answered without an authorization code.", txn);
        }
        if (params.containsKey("iss") && !provider.issuerValue().equals(params.get("iss"))) {
            throw fail(400, "The sign-in answer came from another issuer than " + name + ".", txn);
        }
        OIDCProviderMetadata metadata = discovery.metadata(provider).orElseThrow(() ->
                fail(502, name + " does not answer. Please try again later.", txn));
        JWTClaimsSet claims;
        try {
            JWT idToken = tokens.redeem(provider, metadata.getTokenEndpointURI(), code, callbackUri,
                    started.codeVerifier(), random.newId());
            List<JWSAlgorithm> algorithms = Optional.ofNullable(metadata.getIDTokenJWSAlgs()).orElse(List.of());
            claims = idTokens.verify(idToken, provider.issuerValue(), metadata.getJWKSetURI(), algorithms,
                    provider.clientId(), started.nonce());
        } catch (UpstreamTokenClient.Failed e) {
            LOG.warn("Federated login: {} token request failed: {}", provider.id(), e.getMessage());
            throw fail(e.unavailable() ? 502 : 400, "Sign-in with " + name + " failed: " + e.getMessage() + ".", txn);
        } catch (IdTokenCheck.Rejected e) {
            LOG.warn("Federated login: {} id_token refused: {}", provider.id(), e.getMessage());
            throw fail(e.unavailable() ? 502 : 400, "Sign-in with " + name + " failed: " + e.getMessage() + ".", txn);
        }
        attempt.subject = claims.getSubject();
        Optional<String> fhirUser = mapper.map(provider.fhirUserMapping(), provider.issuerValue(), claims);
        attempt.fhirUser = fhirUser.orElse(null);
        if (fhirUser.isEmpty()) {
            LOG.info("Federated login: {} user {} maps to no FHIR user; refused", provider.id(), claims.getSubject());
            throw fail(403, "You signed in at " + name + ", but your account there is not linked to a user of this"
                    + " FHIR server, so nothing can be shared. Ask the server's administrator to link it.", txn);
        }
        // Usernames are at most 128 characters; a longer subject is recorded by its hash.
        String username = provider.id() + ":" + (claims.getSubject().length() <= 90 ? claims.getSubject()
                : TokenHashing.hash(claims.getSubject()));
        String displayName = displayName(claims);
        UserAccount account = users.findByUsername(username)
                .filter(a -> a.fhirUser().equals(fhirUser.get()) && a.displayName().equals(displayName))
                .orElseGet(() -> {
                    UserAccount fresh = new UserAccount(username, passwordEncoder.encode(random.newToken()),
                            fhirUser.get(), displayName);
                    users.save(fresh);
                    return fresh;
                });
        return new Completed(txn, account.username());
    }

    private static String displayName(JWTClaimsSet claims) {
        for (String claim : List.of("name", "preferred_username", "email")) {
            if (claims.getClaim(claim) instanceof String s && !s.isBlank()) {
                return s.length() > 200 ? s.substring(0, 200) : s;
            }
        }
        return claims.getSubject();
    }

    private Optional<UpstreamProvider> provider(String id) {
        return settings.providers().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static String printable(String value) {
        String v = value == null ? "" : value.replaceAll("[^\\x20-\\x7E]", "?");
        return v.length() > 200 ? v.substring(0, 200) : v;
    }

    private static FailedException fail(int status, String message, String txn) {
        return new FailedException(new Failure(status, message, Optional.ofNullable(txn)));
    }
}
