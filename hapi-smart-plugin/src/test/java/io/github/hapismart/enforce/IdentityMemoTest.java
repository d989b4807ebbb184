package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IdentityMemo}: a key's own value, computed once while it keeps its slot, never another key's. */
class IdentityMemoTest {

    /** A key whose equality is its text, so only identity tells two apart. */
    private record Key(String text) {
    }

    private final List<Key> computed = new ArrayList<>();

    private String compute(Key key) {
        computed.add(key);
        return "value of " + key.text() + " #" + computed.size();
    }

    @Test
    void aKeyAskedAgainIsAnsweredFromItsSlotWithoutComputing() {
        IdentityMemo<Key, String> memo = new IdentityMemo<>(16, this::compute);
        Key key = new Key("a");
        assertEquals("value of a #1", memo.get(key));
        assertEquals("value of a #1", memo.get(key));
        assertEquals(List.of(key), computed);
    }

    @Test
    void anEqualKeyThatIsAnotherObjectGetsItsOwnValue() {
        // One slot, and the first key kept, so the second finds the first's entry and must tell it apart by identity.
        IdentityMemo<Key, String> memo = new IdentityMemo<>(1, this::compute);
        Key first = new Key("a");
        assertEquals("value of a #1", memo.get(first));
        assertEquals("value of a #2", memo.get(new Key("a")));
        assertEquals(List.of(first, first), computed);
    }

    @Test
    void keysSharingTheOneSlotEachGetTheirOwnValue() {
        IdentityMemo<Key, String> memo = new IdentityMemo<>(1, this::compute);
        Key first = new Key("first");
        Key second = new Key("second");
        assertEquals("value of first #1", memo.get(first));
        assertEquals("value of second #2", memo.get(second));
        assertEquals("value of first #3", memo.get(first));
        assertEquals(3, computed.size());
    }

    @Test
    void aSlotCountThatIsNotAPowerOfTwoIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IdentityMemo<Key, String>(12, this::compute));
    }

    @Test
    void aNullValueIsRefused() {
        IdentityMemo<Key, String> memo = new IdentityMemo<>(16, key -> null);
        assertThrows(NullPointerException.class, () -> memo.get(new Key("a")));
    }
}
