package io.github.hapismart.token;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636) with S256 only: the shapes of challenge and verifier, and their comparison. The verifier, the
 * method and the transformation are oauth2-oidc-sdk's ({@link CodeVerifier}, {@link CodeChallengeMethod#S256},
 * {@link CodeChallenge#compute}); the shape of the challenge is checked here, since nimbus parses any non-empty
 * string as one, and the comparison is constant-time.
 */
public final class Pkce {

    /** The only method the server accepts. */
    public static final String S256 = CodeChallengeMethod.S256.getValue();
    /** An S256 challenge: a SHA-256 digest in base64url without padding. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {
    }

    /** Whether the value is a well-formed S256 challenge (43 base64url characters). */
    public static boolean isChallenge(String challenge) {
        return challenge != null && CHALLENGE.matcher(challenge).matches();
    }

    /**
     * Whether {@code verifier} is well formed (43 to 128 unreserved characters, which nimbus's {@link CodeVerifier}
     * enforces) and hashes (SHA-256, base64url) to {@code challenge}.
     */
    public static boolean matches(String verifier, String challenge) {
        if (verifier == null || challenge == null) {
            return false;
        }
        CodeVerifier parsed;
        try {
            parsed = new CodeVerifier(verifier);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, parsed).getValue();
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
