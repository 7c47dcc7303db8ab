package com.promptpay.gateway.events;

import java.time.Instant;
import java.util.Objects;

/**
 * What every topic carries: {@code {"id":"evt_…","type":"…","occurredAt":"…","aggregateId":"pi_…","data":{…}}}.
 * The id is what consumers de-duplicate on; it also travels as the {@value #EVENT_ID_HEADER} header so a
 * consumer can skip a duplicate without parsing the value.
 */
public record EventEnvelope<T>(String id, String type, Instant occurredAt, String aggregateId, T data) {

    public static final String EVENT_ID_HEADER = "event-id";
    public static final String EVENT_TYPE_HEADER = "event-type";

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        if (!id.startsWith("evt_")) {
            throw new IllegalArgumentException("event ids start with evt_: " + id);
        }
    }
}
