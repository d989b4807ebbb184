package io.github.hapismart.resource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWT access tokens of the external authorization server with nimbus: the signature against the issuer's
 * JWKS (cached for {@link ResourceServerSettings#jwksCacheLifetime()}; a token with an unknown {@code kid} makes it
 * fetch the set again, at most once per {@link ResourceServerSettings#jwksRefetchInterval()}), only with an
 * allow-listed asymmetric algorithm (unsigned tokens, {@code HS*} and any other algorithm fail before a key is
 * looked up), the {@code iss} exactly, the audience, and {@code exp} (required) and {@code nbf} with a minute of
 * clock skew. Token types {@code JWT}, {@code at+jwt} (RFC 9068) or none are accepted. Thread-safe.
 */
public final class JwtAccessTokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAccessTokenVerifier.class);
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final ResourceServerSettings settings;
    private final String audience;
    private final Supplier<Optional<URI>> jwksUri;
    private final Clock clock;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    /**
     * @param audience the {@code aud} value a token must carry
     * @param jwksUri  where the key set is, asked when first needed (configured, or from the metadata)
     */
    public JwtAccessTokenVerifier(ResourceServerSettings settings, String audience, Supplier<Optional<URI>> jwksUri,
                                  Clock clock) {
        this.settings = settings;
        this.audience = audience;
        this.jwksUri = jwksUri;
        this.clock = clock;
    }

    /** The verified claims, or empty for a token that fails any check (or while the key set cannot be located). */
    public Optional<JWTClaimsSet> verify(String token) {
        DefaultJWTProcessor<SecurityContext> jwt = processor();
        if (jwt == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(jwt.process(token, null));
        } catch (ParseException | BadJOSEException e) {
            LOG.debug("Refused an external access token: {}", e.getMessage());
            return Optional.empty();
        } catch (com.nimbusds.jose.JOSEException e) {
            // nimbus' JOSEException often has no message of its own (a JWKS fetch that failed): name it and its cause.
            LOG.warn("Could not verify an external access token: {}{}", e,
                    e.getCause() == null ? "" : " (cause: " + e.getCause() + ")");
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> built = processor;
        if (built != null) {
            return built;
        }
        synchronized (this) {
            if (processor == null) {
                processor = jwksUri.get().map(this::build).orElse(null);
            }
            return processor;
        }
    }

    private DefaultJWTProcessor<SecurityContext> build(URI keys) {
        JWKSource<SecurityContext> source;
        try {
            source = JWKSourceBuilder.<SecurityContext>create(keys.toURL(),
                            new DefaultResourceRetriever(5_000, 5_000, MAX_JWKS_BYTES))
                    .cache(settings.jwksCacheLifetime().toMillis(), 5_000)
                    .rateLimited(settings.jwksRefetchInterval().toMillis())
                    .refreshAheadCache(false)
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Unusable jwks_uri " + keys, e);
        }
        Set<JWSAlgorithm> algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse)
                .collect(Collectors.toSet());
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt"), null));
        jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, source));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("iss", "aud", "exp"), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        jwt.setJWTClaimsSetVerifier(claims);
        return jwt;
    }
}
