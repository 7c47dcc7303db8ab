package com.promptpay.gateway.dispatcher;

import java.util.Arrays;
import java.util.Optional;

/** Why an endpoint receives nothing. */
public enum DisabledReason {
    /** The endpoint answered 410 Gone. */
    GONE("gone"),
    /** Every attempt failed for longer than {@code gateway.delivery.disable-after} (5 days). */
    FAILING("failing"),
    /** The merchant has no webhook URL. */
    UNCONFIGURED("unconfigured"),
    /** The merchant was removed (a tombstone on the merchants topic). */
    MERCHANT_DELETED("merchant_deleted");

    private final String wireName;

    DisabledReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Disabled by the dispatcher because of how the endpoint behaved, rather than by configuration. */
    public boolean causedByEndpoint() {
        return switch (this) {
            case GONE, FAILING -> true;
            case UNCONFIGURED, MERCHANT_DELETED -> false;
        };
    }

    public static Optional<DisabledReason> parse(String wireName) {
        return Arrays.stream(values()).filter(reason -> reason.wireName.equals(wireName)).findFirst();
    }
}
