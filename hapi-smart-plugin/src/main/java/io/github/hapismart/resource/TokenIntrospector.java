package io.github.hapismart.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the external server's RFC 7662 introspection endpoint about an opaque token, authenticating with
 * {@code client_secret_basic}. An active answer is accepted only for a bearer access token (no {@code cnf} binding,
 * not a refresh token) of the configured issuer (when the answer names one) whose {@code aud} holds this server's
 * audience, and it is kept (by the token's SHA-256, never the token) for at most
 * {@link ResourceServerSettings#introspectionCacheLifetime()} and never past its {@code exp}: that lifetime is the
 * longest a token revoked at the external server is still honoured here. At most 10,000 answers are kept; inactive
 * answers are not kept.
 */
public final class TokenIntrospector {

    private static final Logger LOG = LoggerFactory.getLogger(TokenIntrospector.class);
    private static final int MAX_BYTES = 64 * 1024;

    private final ResourceServerSettings settings;
    private final String audience;
    private final Supplier<Optional<URI>> endpoint;
    private final HttpClient http;
    private final Clock clock;
    private final Cache<String, Answer> answers = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1)).build();

    private record Answer(Map<String, Object> claims, Instant keepUntil) {
    }

    public TokenIntrospector(ResourceServerSettings settings, String audience, Supplier<Optional<URI>> endpoint,
                             HttpClient http, Clock clock) {
        this.settings = settings;
        this.audience = audience;
        this.endpoint = endpoint;
        this.http = http;
        this.clock = clock;
    }

    /** The claims of an active, acceptable token; empty for anything else or when the endpoint cannot be asked. */
    public Optional<Map<String, Object>> introspect(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        Answer cached = answers.getIfPresent(key);
        if (cached != null && cached.keepUntil().isAfter(now)) {
            return Optional.of(cached.claims());
        }
        Optional<Map<String, Object>> claims = ask(token).filter(this::acceptable);
        claims.ifPresentOrElse(c -> {
            Instant keepUntil = now.plus(settings.introspectionCacheLifetime());
            Instant exp = expiry(c).orElse(keepUntil);
            answers.put(key, new Answer(c, exp.isBefore(keepUntil) ? exp : keepUntil));
        }, () -> answers.invalidate(key));
        return claims;
    }

    /** The {@code exp} of an introspection answer. */
    static Optional<Instant> expiry(Map<String, Object> claims) {
        return claims.get("exp") instanceof Number n ? Optional.of(Instant.ofEpochSecond(n.longValue()))
                : Optional.empty();
    }

    private boolean acceptable(Map<String, Object> claims) {
        if (!Boolean.TRUE.equals(claims.get("active"))) {
            return false;
        }
        if (claims.containsKey("iss") && !settings.issuer().equals(claims.get("iss"))) {
            LOG.debug("Refused an introspected token of issuer {}", claims.get("iss"));
            return false;
        }
        Object aud = claims.get("aud");
        boolean forUs = audience.equals(aud) || (aud instanceof Collection<?> values && values.contains(audience));
        Object type = claims.get("token_type");
        boolean bearer = type == null || "bearer".equalsIgnoreCase(String.valueOf(type));
        boolean refresh = "Refresh".equalsIgnoreCase(String.valueOf(claims.get("typ")));
        return forUs && bearer && !refresh && !claims.containsKey("cnf")
                && expiry(claims).map(exp -> exp.isAfter(clock.instant())).orElse(true);
    }

    private Optional<Map<String, Object>> ask(String token) {
        Optional<URI> uri = endpoint.get();
        if (uri.isEmpty() || settings.introspectionClient().isEmpty()) {
            return Optional.empty();
        }
        String credentials = form(settings.introspectionClient().get()) + ":"
                + form(settings.introspectionSecret().orElseThrow());
        HttpRequest request = HttpRequest.newBuilder(uri.get()).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200 || bytes.length > MAX_BYTES) {
                    LOG.warn("The introspection endpoint {} answered {}", uri.get(), response.statusCode());
                    return Optional.empty();
                }
                return Optional.of(JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8)));
            }
        } catch (IOException | ParseException e) {
            LOG.warn("The introspection endpoint {} could not be asked: {}", uri.get(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String sha256(String token) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
