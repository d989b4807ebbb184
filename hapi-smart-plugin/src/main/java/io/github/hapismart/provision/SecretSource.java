package io.github.hapismart.provision;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a declared secret or password comes from. Only where it is read from is ever printed: {@link #toString()}
 * of every kind names the variable or file, or says "hash", never the secret.
 */
public sealed interface SecretSource {

    /** The secret is the value of this environment variable. */
    record FromEnvironment(String variable) implements SecretSource {
        public FromEnvironment {
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public String toString() {
            return "environment variable " + variable;
        }
    }

    /** The secret is the content of this file, without its trailing line break. */
    record FromFile(Path file) implements SecretSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String toString() {
            return "file " + file;
        }
    }

    /**
     * The secret is given only as a password-encoder hash (as {@code {bcrypt}$2a$10$...}; a bare bcrypt hash
     * {@code $2a$...} gets the {@code {bcrypt}} prefix).
     */
    record Hashed(String hash) implements SecretSource {
        public Hashed {
            Objects.requireNonNull(hash, "hash");
            if (hash.matches("\\$2[aby]?\\$.*")) {
                hash = "{bcrypt}" + hash;
            }
            if (!hash.startsWith("{")) {
                throw new IllegalArgumentException("a secret hash must name its encoder, as {bcrypt}$2a$10$...");
            }
        }

        @Override
        public String toString() {
            return "hash";
        }
    }

    /**
     * The secret itself, for code that declares public demo credentials (the sample server's); not reachable from
     * configuration properties, where a literal secret would end up in files and logs.
     */
    record Value(String secret) implements SecretSource {
        public Value {
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "value";
        }
    }
}
