package com.promptpay.gateway.dispatcher.rest;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads request bodies refusing a repeated field as malformed JSON. Into a record, Jackson would otherwise fail on
 * the repeat with a definition error, which Quarkus answers as a bare 500.
 */
public final class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type)).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
