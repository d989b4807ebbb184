package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Identifiers come from the injected random source, in UUID version 4 form. */
class TokenHashingTest {

    /** A "random" source that always yields the same bytes, so its output is known. */
    private static final class FixedRandom extends SecureRandom {
        @Override
        public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 0xff);
        }
    }

    @Test
    void anIdIsMadeFromTheInjectedSourceAsAVersion4Uuid() {
        assertEquals("ffffffff-ffff-4fff-bfff-ffffffffffff", new TokenHashing(new FixedRandom()).newId());
    }

    @Test
    void anIdParsesAsAVersion4Uuid() {
        assertEquals(4, UUID.fromString(new TokenHashing(new SecureRandom()).newId()).version());
    }
}
