package com.promptpay.gateway.dispatcher;

import java.util.List;

import com.promptpay.gateway.events.EventTypes;

/** How an endpoint wants its webhooks: Standard Webhooks (default) or the legacy Dromon callback. */
public enum WebhookFormat {
    STANDARD("standard"),
    DROMON("dromon");

    private final String wireName;

    WebhookFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Unknown or missing formats are treated as the default, Standard Webhooks. */
    public static WebhookFormat fromWire(String wireName) {
        return DROMON.wireName.equalsIgnoreCase(wireName == null ? "" : wireName.strip()) ? DROMON : STANDARD;
    }

    /** The event types an endpoint of this format is subscribed to. Dromon only ever knew "paid". */
    public List<String> subscribedTypes(List<String> standardTypes) {
        return switch (this) {
            case STANDARD -> List.copyOf(standardTypes);
            case DROMON -> List.of(EventTypes.PAYMENT_INTENT_SUCCEEDED);
        };
    }
}
