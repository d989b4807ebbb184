package io.github.hapismart.enforce;

import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A small direct-mapped memo of a pure function of an object's identity: each key's value is kept in the one slot its
 * identity hash picks, replacing whatever another key left there. It answers what {@code compute} answers for that
 * key, at the cost of one array read, where a lookup in a Caffeine cache with weak keys costs a lookup key, a hash
 * table probe and the read buffer's bookkeeping (the enforcement looks up four such values per search). It holds at
 * most its slot count of entries, each key weakly (a value that refers to its key keeps it, so stays bounded by the
 * slot count only); a miss computes again, so {@code compute} must be a pure function of the key, and cheap or
 * backed by a cache of its own.
 *
 * @param <K> the key, compared by identity
 * @param <V> the value, never null
 */
final class IdentityMemo<K, V> {

    private record Entry<K, V>(WeakReference<K> key, V value) {
    }

    private final AtomicReferenceArray<Entry<K, V>> slots;
    private final int mask;
    private final Function<? super K, ? extends V> compute;

    /**
     * @param slots   the number of slots, a power of two
     * @param compute the memoised function, pure in its key
     */
    IdentityMemo(int slots, Function<? super K, ? extends V> compute) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    /** {@code compute}'s value for {@code key}, from its slot when {@code key} itself left it there. */
    V get(K key) {
        int hash = System.identityHashCode(key);
        int slot = (hash ^ (hash >>> 16)) & mask;
        // An entry is immutable and published whole through the array, so a reader sees its key and value together.
        Entry<K, V> entry = slots.getAcquire(slot);
        if (entry != null && entry.key().get() == key) {
            return entry.value();
        }
        V value = Objects.requireNonNull(compute.apply(key), "value");
        slots.setRelease(slot, new Entry<>(new WeakReference<>(key), value));
        return value;
    }
}
