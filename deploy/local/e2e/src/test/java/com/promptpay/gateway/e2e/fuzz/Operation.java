package com.promptpay.gateway.e2e.fuzz;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** One operation of a service's OpenAPI document, with what fuzzing needs to know about its inputs. */
record Operation(int servicePort, String method, String template, List<Parameter> parameters,
        Optional<String> bodyMediaType, Optional<JsonNode> bodySchema, Optional<JsonNode> bodyExample) {

    record Parameter(String name, String in) {
    }

    String key() {
        return method + " " + template;
    }

    List<Parameter> in(String location) {
        return parameters.stream().filter(parameter -> parameter.in().equals(location)).toList();
    }
}
