package io.github.hapismart.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when each user grant was last used (an access token issued or refreshed from it, or one of its access
 * tokens accepted by the FHIR API), for the management page's access history. Cheap on the FHIR read path: it writes
 * {@code smart_grant.last_used_at} at most once per {@link #RESOLUTION} per grant and node, and a failed write is
 * logged, never thrown, so that recording use never fails the request that used the grant.
 */
public final class GrantUsage {

    /** The precision of "last used": uses of one grant closer together than this are written once. */
    public static final Duration RESOLUTION = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(GrantUsage.class);

    private final GrantRecords records;
    private final Clock clock;
    /** When each grant's use was last written by this node; bounded, an evicted grant is simply written again. */
    private final Cache<String, Instant> written = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).executor(Runnable::run).build(); // upkeep inline: read per request

    public GrantUsage(GrantRecords records, Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records a use of {@code family} now, unless one was written less than {@link #RESOLUTION} ago. */
    public void used(String family) {
        Instant now = clock.instant();
        Instant seen = written.getIfPresent(family);
        if (seen != null && now.isBefore(seen.plus(RESOLUTION))) {
            return; // the common case on the read path: no lock on the grant's map entry, as compute would take
        }
        boolean[] due = {false};
        written.asMap().compute(family, (id, last) -> {
            if (last == null || !now.isBefore(last.plus(RESOLUTION))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (due[0]) {
            try {
                records.markUsed(family, now);
            } catch (RuntimeException e) {
                // The request that used the grant must not fail for its bookkeeping; next use tries again.
                written.invalidate(family);
                LOG.warn("Could not record the use of a grant: {}", e.getMessage());
            }
        }
    }
}
