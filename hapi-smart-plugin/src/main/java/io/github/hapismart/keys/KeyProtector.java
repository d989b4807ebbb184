package io.github.hapismart.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys before they reach the database (AES-256-GCM), with a key kept in a file
 * outside the database. Without a key file, keys are stored as they are and a database reader could use them.
 */
public final class KeyProtector {

    private static final int IV_BYTES = 12;
    private final Optional<SecretKeySpec> key;
    private final SecureRandom random;
    private final String source;

    private KeyProtector(Optional<SecretKeySpec> key, SecureRandom random, String source) {
        this.key = key;
        this.random = random;
        this.source = source;
    }

    /** A protector whose key is read from {@code file}, which is created with a new random key if absent. */
    public static KeyProtector fromFile(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; the file keeps its default permissions
                }
            }
            byte[] bytes = Base64.getDecoder().decode(Files.readString(file).strip());
            if (bytes.length != 32) {
                throw new IllegalStateException("Key encryption key in " + file + " must be 32 bytes, base64");
            }
            return new KeyProtector(Optional.of(new SecretKeySpec(bytes, "AES")), random, file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A protector that stores keys unencrypted. */
    public static KeyProtector none() {
        return new KeyProtector(Optional.empty(), new SecureRandom(), "none");
    }

    /** Whether stored keys are encrypted. */
    public boolean encrypts() {
        return key.isPresent();
    }

    /** The stored form of a private key's JSON. */
    public String protect(String plaintext) {
        if (key.isEmpty()) {
            return plaintext;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a signing key", e);
        }
    }

    /** The private key's JSON from its stored form. */
    public String reveal(String stored, boolean encrypted) {
        if (!encrypted) {
            return stored;
        }
        SecretKeySpec secret = key.orElseThrow(() -> new IllegalStateException(
                "Signing keys in the database are encrypted, but no key encryption key file is configured"));
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Never go on to make new keys: that would invalidate every token the other nodes issued.
            throw new IllegalStateException("The signing keys in the database cannot be decrypted with this node's "
                    + "key-encryption key (" + source + "). Every node that shares a database needs the same "
                    + "key-encryption key; copy it from a node that works. Not starting, and no new keys were made.",
                    e);
        }
    }
}
