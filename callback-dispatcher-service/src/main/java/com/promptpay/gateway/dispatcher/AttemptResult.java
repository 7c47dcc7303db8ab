package com.promptpay.gateway.dispatcher;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One attempt, as it is appended to the attempt log: what happened, how long it took, the first
 * {@value #BODY_LIMIT} bytes of the answer and the error, if any.
 *
 * @param responseStatus null when no HTTP answer came back
 * @param retryAfter     what a 429/503 asked for, already parsed
 * @param address        the IP address that passed the SSRF guard and was connected to
 */
public record AttemptResult(
        AttemptOutcome outcome,
        Instant attemptedAt,
        Integer responseStatus,
        long durationMillis,
        String responseBody,
        String error,
        Optional<Duration> retryAfter,
        String address) {

    public static final int BODY_LIMIT = 1024;

    public AttemptResult {
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        error = truncate(error, 500);
    }

    public boolean succeeded() {
        return outcome.isSuccess();
    }

    /** Classifies an HTTP answer: 2xx succeeds, 410 is gone, 429/503 throttle, everything else (3xx too) fails. */
    public static AttemptResult fromResponse(int status, String retryAfterHeader, String body, Instant attemptedAt,
            long durationMillis, String address) {
        AttemptOutcome outcome;
        String error = null;
        Optional<Duration> retryAfter = Optional.empty();
        if (status >= 200 && status < 300) {
            outcome = AttemptOutcome.SUCCEEDED;
        } else if (status == 410) {
            outcome = AttemptOutcome.GONE;
            error = "410 Gone: the endpoint is disabled";
        } else if (status == 429 || status == 503) {
            outcome = AttemptOutcome.THROTTLED;
            retryAfter = parseRetryAfter(retryAfterHeader, attemptedAt.plusMillis(durationMillis));
            error = "HTTP " + status + retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse("");
        } else if (status >= 300 && status < 400) {
            outcome = AttemptOutcome.HTTP_ERROR;
            error = "HTTP " + status + ": redirects are not followed";
        } else {
            outcome = AttemptOutcome.HTTP_ERROR;
            error = "HTTP " + status;
        }
        return new AttemptResult(outcome, attemptedAt, status, durationMillis, body, error, retryAfter, address);
    }

    public static AttemptResult timeout(Instant attemptedAt, long durationMillis, String address, long timeoutMillis) {
        return new AttemptResult(AttemptOutcome.TIMEOUT, attemptedAt, null, durationMillis, null,
                "no complete answer within " + timeoutMillis + " ms", Optional.empty(), address);
    }

    public static AttemptResult networkError(Instant attemptedAt, long durationMillis, String address, String error) {
        return new AttemptResult(AttemptOutcome.NETWORK_ERROR, attemptedAt, null, durationMillis, null, error,
                Optional.empty(), address);
    }

    public static AttemptResult blocked(Instant attemptedAt, String reason) {
        return new AttemptResult(AttemptOutcome.BLOCKED, attemptedAt, null, 0, null, "blocked: " + reason,
                Optional.empty(), null);
    }

    public static AttemptResult misconfigured(Instant attemptedAt, String reason) {
        return new AttemptResult(AttemptOutcome.MISCONFIGURED, attemptedAt, null, 0, null, reason, Optional.empty(),
                null);
    }

    /** Seconds ({@code 120}) or an HTTP date; anything else, or a negative value, is ignored. */
    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException tooLong) {
                return Optional.of(Duration.ofDays(365));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
