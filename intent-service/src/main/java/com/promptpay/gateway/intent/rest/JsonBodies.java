package com.promptpay.gateway.intent.rest;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads request bodies ourselves, so wrong types become field errors instead of a framework 400 or 500. */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper reader;

    public JsonBodies(ObjectMapper json) {
        this.reader = json.copy();
        // Nesting bombs and absurd numbers fail fast, as malformed JSON.
        this.reader.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(100).maxStringLength(100_000).build());
    }

    public JsonNode read(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return null;
        }
        return reader.readTree(body);
    }
}
