package io.github.hapismart.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes and hashes the high-entropy secrets the server hands out (codes, refresh tokens, launch values).
 * Only the SHA-256 hash is stored, so a database reader cannot replay them; 256 random bits make a
 * salt unnecessary.
 */
public final class TokenHashing {

    private final SecureRandom random;

    public TokenHashing(SecureRandom random) {
        this.random = random;
    }

    /** A new random value of 256 bits, base64url without padding. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The value that is stored for a token: its SHA-256, base64url. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
