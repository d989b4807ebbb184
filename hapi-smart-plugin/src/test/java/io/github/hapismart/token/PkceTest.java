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
}
