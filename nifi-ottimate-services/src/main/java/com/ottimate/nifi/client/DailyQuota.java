package com.ottimate.nifi.client;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.LongConsumer;

/**
 * The API's binding limit in production: a number of requests per API key per UTC day (10,000 by default). Counts
 * every request this client sends, warns once a day when the count crosses a threshold, and, when asked to, refuses
 * to send once the quota is used so work waits (on 'retry') instead of failing against the API.
 */
public final class DailyQuota {
    private final long limit;
    private final long warnAt;
    private final boolean stopAtLimit;
    private final Clock clock;
    private final LongConsumer onThreshold;
    private LocalDate day;
    private long used;
    private boolean warned;

    /**
     * @param limit       requests per UTC day; 0 turns counting into reporting only
     * @param warnAt      count at which {@code onThreshold} is called, once per day
     * @param onThreshold receives the count when it reaches {@code warnAt}
     */
    public DailyQuota(final long limit, final long warnAt, final boolean stopAtLimit, final Clock clock, final LongConsumer onThreshold) {
        this.limit = limit;
        this.warnAt = warnAt;
        this.stopAtLimit = stopAtLimit;
        this.clock = clock;
        this.onThreshold = onThreshold;
        this.day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** A quota that only counts. */
    public static DailyQuota unlimited(final Clock clock) {
        return new DailyQuota(0, Long.MAX_VALUE, false, clock, count -> { });
    }

    /** Takes one request from today's quota; false when the quota is used and the client must not send. */
    public boolean tryTake() {
        final long count;
        synchronized (this) {
            rollOver();
            if (stopAtLimit && limit > 0 && used >= limit) {
                return false;
            }
            count = ++used;
            if (count < warnAt || warned) {
                return true;
            }
            warned = true;
        }
        onThreshold.accept(count);
        return true;
    }

    /** Requests sent today (UTC). */
    public synchronized long used() {
        rollOver();
        return used;
    }

    public long limit() {
        return limit;
    }

    private void rollOver() {
        final LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(day)) {
            day = today;
            used = 0;
            warned = false;
        }
    }
}
