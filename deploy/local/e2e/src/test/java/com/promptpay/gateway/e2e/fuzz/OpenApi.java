package com.promptpay.gateway.e2e.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads each service's own OpenAPI document, so an operation added to a service is fuzzed without anyone listing it. */
final class OpenApi {

    static final List<Integer> SERVICE_PORTS = List.of(8081, 8082, 8083, 8084);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApi() {
    }

    static List<Operation> operations(HttpClient http) throws IOException, InterruptedException {
        List<Operation> operations = new ArrayList<>();
        for (int port : SERVICE_PORTS) {
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/openapi?format=json")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new IllegalStateException("no OpenAPI document on :" + port + ": " + document.statusCode());
            }
            operations.addAll(operations(port, JSON.readTree(document.body())));
        }
        return operations;
    }

    static List<Operation> operations(int port, JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Operation.Parameter> shared = parameters(path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                List<Operation.Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(method.getValue().path("parameters")));
                Optional<Map.Entry<String, JsonNode>> content = first(method.getValue().path("requestBody").path("content"));
                operations.add(new Operation(port, method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        List.copyOf(parameters), content.map(Map.Entry::getKey),
                        content.map(c -> resolve(document, c.getValue().path("schema"))).filter(s -> !s.isMissingNode()),
                        content.flatMap(c -> example(c.getValue()))));
            }
        }
        return operations;
    }

    private static List<Operation.Parameter> parameters(JsonNode list) {
        List<Operation.Parameter> parameters = new ArrayList<>();
        list.forEach(parameter -> parameters.add(new Operation.Parameter(parameter.path("name").asText(),
                parameter.path("in").asText())));
        return parameters;
    }

    private static Optional<Map.Entry<String, JsonNode>> first(JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        return fields.hasNext() ? Optional.of(fields.next()) : Optional.empty();
    }

    /** The documented example as JSON; quarkus-smallrye-openapi keeps an annotation's example as text when it parses. */
    private static Optional<JsonNode> example(JsonNode mediaType) {
        JsonNode example = mediaType.has("example") ? mediaType.get("example")
                : first(mediaType.path("examples")).map(named -> named.getValue().path("value")).orElse(null);
        if (example == null || example.isMissingNode()) {
            return Optional.empty();
        }
        if (example.isTextual()) {
            try {
                return Optional.of(JSON.readTree(example.textValue()));
            } catch (IOException notJson) {
                return Optional.empty();
            }
        }
        return Optional.of(example);
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return schema;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }
}
