package io.github.hapismart.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Makes and hashes the high-entropy secrets the server hands out (codes, refresh tokens, launch values), and makes
 * its random identifiers (token ids, client ids, key ids): the one place where the injected {@link SecureRandom} is
 * drawn from, so a test or a deployment that injects its own source controls every value. Only the SHA-256 hash of a
 * secret is stored, so a database reader cannot replay it; 256 random bits make a salt unnecessary.
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

    /** A new random identifier in UUID form (version 4, 122 random bits), e.g. a token's {@code jti}. */
    public String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = ByteBuffer.wrap(bytes, 0, 8).getLong();
        long low = ByteBuffer.wrap(bytes, 8, 8).getLong();
        return new UUID(high, low).toString();
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
