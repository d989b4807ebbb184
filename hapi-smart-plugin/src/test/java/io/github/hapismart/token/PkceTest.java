package io.github.hapismart.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PKCE S256 against the example of RFC 7636 appendix B. */
class PkceTest {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void theRfcExampleVerifierMatchesItsChallenge() {
        assertTrue(Pkce.isChallenge(CHALLENGE));
        assertTrue(Pkce.matches(VERIFIER, CHALLENGE));
    }

    @Test
    void aPlainChallengeOrAnotherVerifierDoesNotMatch() {
        assertFalse(Pkce.matches(VERIFIER, VERIFIER), "plain (verifier = challenge) is not S256");
        assertFalse(Pkce.matches(VERIFIER.replace('d', 'e'), CHALLENGE));
        assertFalse(Pkce.matches("short", CHALLENGE));
        assertFalse(Pkce.matches(null, CHALLENGE));
        assertFalse(Pkce.isChallenge("not a challenge"));
    }

    @Test
    void aVerifierMustBe43To128UnreservedCharacters() {
        String longest = "a".repeat(128);
        assertTrue(Pkce.matches(longest, challengeOf(longest)));
        String tooLong = "a".repeat(129);
        assertFalse(Pkce.matches(tooLong, challengeOf(tooLong)));
        String tooShort = "a".repeat(42);
        assertFalse(Pkce.matches(tooShort, challengeOf(tooShort)));
        String reserved = "a".repeat(42) + "+";
        assertFalse(Pkce.matches(reserved, challengeOf(reserved)), "'+' is not an unreserved character");
        assertFalse(Pkce.matches(VERIFIER, null));
    }

    private static String challengeOf(String verifier) {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
