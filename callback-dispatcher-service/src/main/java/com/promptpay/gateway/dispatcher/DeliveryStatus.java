package com.promptpay.gateway.dispatcher;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a delivery (one event to one endpoint) stands. {@code pending} covers both "waiting for
 * {@code next_attempt_at}" and "an attempt is in flight under a lease"; the other two are terminal until a
 * merchant asks for a retry or a recovery.
 */
public enum DeliveryStatus {
    PENDING("pending"),
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return switch (this) {
            case PENDING -> false;
            case SUCCEEDED, FAILED -> true;
        };
    }

    public static Optional<DeliveryStatus> parse(String wireName) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(wireName)).findFirst();
    }

    public static DeliveryStatus fromWire(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("unknown delivery status " + wireName));
    }
}
