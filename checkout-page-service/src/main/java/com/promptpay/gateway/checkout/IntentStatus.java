package com.promptpay.gateway.checkout;

import java.util.Optional;

/** The states of a payment intent as intent-service names them on the wire, and what the page does in each. */
public enum IntentStatus {
    REQUIRES_ACTION("requires_action"),
    SUCCEEDED("succeeded"),
    CANCELED("canceled"),
    EXPIRED("expired");

    private final String wireName;

    IntentStatus(String wireName) {
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

    public static Optional<IntentStatus> fromWireName(String value) {
        for (IntentStatus status : values()) {
            if (status.wireName.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
