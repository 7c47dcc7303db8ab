package com.promptpay.gateway.intent.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/** Conversions between SQL values and the domain's types. */
final class Rows {

    private Rows() {
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static JsonObject json(Map<String, String> map) {
        return new JsonObject(new LinkedHashMap<>(map));
    }

    static Map<String, String> stringMap(Object jsonb) {
        Map<String, String> map = new LinkedHashMap<>();
        if (jsonb instanceof JsonObject object) {
            object.forEach(entry -> map.put(entry.getKey(), String.valueOf(entry.getValue())));
        }
        return map;
    }
}
