package com.promptpay.gateway.intent;

import java.util.Arrays;
import java.util.Optional;

/** {@code requires_action} → {@code succeeded} | {@code canceled} | {@code expired} (DESIGN.md). */
public enum PaymentIntentStatus {
    REQUIRES_ACTION("requires_action"),
    SUCCEEDED("succeeded"),
    CANCELED("canceled"),
    EXPIRED("expired");

    private final String wireName;

    PaymentIntentStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return switch (this) {
            case REQUIRES_ACTION -> false;
            case SUCCEEDED, CANCELED, EXPIRED -> true;
        };
    }

    public static Optional<PaymentIntentStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(wireName)).findFirst();
    }
}
