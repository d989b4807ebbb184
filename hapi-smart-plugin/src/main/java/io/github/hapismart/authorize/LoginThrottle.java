package io.github.hapismart.authorize;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits failed logins with Bucket4j token buckets, one per user name and one per client address: each failure
 * takes a token, and while either bucket is empty further attempts are refused without checking the password.
 * Buckets refill gradually; both maps are bounded (Caffeine) so that a flood of names cannot exhaust memory.
 */
final class LoginThrottle {

    /** Failed logins allowed per user name before waiting; one more is allowed every minute. */
    static final int FAILURES_PER_USER = 5;
    /** Failed logins allowed per client address before waiting; one more every 15 seconds. */
    static final int FAILURES_PER_ADDRESS = 20;

    private final TimeMeter time;
    private final Cache<String, Bucket> users = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1)).build();
    private final Cache<String, Bucket> addresses = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1)).build();

    LoginThrottle(Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** How long the caller must wait before trying this user or address again; empty when it may try now. */
    Optional<Duration> waitBefore(String username, String address) {
        long nanos = Math.max(waitNanos(user(username)), waitNanos(address(address)));
        return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    /** Records a failed login. */
    void failed(String username, String address) {
        user(username).tryConsume(1);
        address(address).tryConsume(1);
    }

    private static long waitNanos(Bucket bucket) {
        return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    private Bucket user(String username) {
        return users.get(username.toLowerCase(Locale.ROOT), key -> bucket(FAILURES_PER_USER, Duration.ofMinutes(1)));
    }

    private Bucket address(String address) {
        return addresses.get(address, key -> bucket(FAILURES_PER_ADDRESS, Duration.ofSeconds(15)));
    }

    private Bucket bucket(int capacity, Duration perToken) {
        return Bucket.builder().addLimit(limit -> limit.capacity(capacity).refillGreedy(1, perToken))
                .withCustomTimePrecision(time).build();
    }
}
