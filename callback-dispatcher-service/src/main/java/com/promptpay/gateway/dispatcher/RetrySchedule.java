package com.promptpay.gateway.dispatcher;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When the attempts of one delivery happen: {@code delays.get(n)} is the wait before attempt n (0-based)
 * counted from the previous attempt, so the default {@code 0s,5s,5m,30m,2h,5h,10h,14h,20h,24h} is ten
 * attempts over about three days. Each wait is spread by ±{@code jitter} so a burst of failures does not
 * come back as a burst; a {@code Retry-After} can lengthen a wait up to {@code retryAfterMax}, never shorten it.
 */
public record RetrySchedule(List<Duration> delays, double jitter, Duration retryAfterMax) {

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one entry");
        }
        if (delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retry delays cannot be negative: " + delays);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
    }

    public int maxAttempts() {
        return delays.size();
    }

    /**
     * The wait before attempt {@code step} (0-based), or empty when the schedule is exhausted.
     *
     * @param random uniform in [0, 1)
     */
    public Optional<Duration> delayBefore(int step, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (step < 0 || step >= delays.size()) {
            return Optional.empty();
        }
        long base = delays.get(step).toMillis();
        long jittered = Math.round(base * (1 + jitter * (2 * random.getAsDouble() - 1)));
        Duration wait = Duration.ofMillis(Math.max(0, jittered));
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(retryAfterMax) > 0 ? retryAfterMax : retryAfter.get();
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        return Optional.of(wait);
    }
}
