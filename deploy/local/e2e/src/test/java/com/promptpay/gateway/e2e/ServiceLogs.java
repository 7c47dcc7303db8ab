package com.promptpay.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The services' logs as ./gateway wrote them (.gateway/logs), read line by line as JSON. */
final class ServiceLogs {

    static final List<String> SERVICES = List.of("intent-service", "checkout-page-service", "webhook-ingest-service",
            "callback-dispatcher-service");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTENT_ID = Pattern.compile("pi_[A-Za-z0-9]{24}");

    /** One line: parsed when it is a JSON object, {@code json == null} otherwise. */
    record Line(String service, String raw, JsonNode json) {

        String message() {
            return json == null ? raw : json.path("message").asText();
        }

        String mdc(String key) {
            return json == null ? "" : json.path("mdc").path(key).asText("");
        }

        Set<String> intentIdsMentioned() {
            Set<String> ids = new TreeSet<>();
            Matcher matcher = INTENT_ID.matcher(message());
            while (matcher.find()) {
                ids.add(matcher.group());
            }
            return ids;
        }
    }

    private ServiceLogs() {
    }

    static List<Line> of(String service) {
        Path file = LocalStack.root().resolve(".gateway/logs/" + service + ".log");
        List<Line> lines = new ArrayList<>();
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (raw.isBlank()) {
                    continue;
                }
                JsonNode json = null;
                if (raw.startsWith("{")) {
                    json = JSON.readTree(raw);
                }
                lines.add(new Line(service, raw, json));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return lines;
    }

    static List<Line> all() {
        return SERVICES.stream().flatMap(service -> of(service).stream()).toList();
    }

    /** The whole logs of the gateway's own processes (the four services and the entry), for the secrets scan. */
    static String everything() {
        StringBuilder text = new StringBuilder();
        for (String component : java.util.stream.Stream.concat(SERVICES.stream(), java.util.stream.Stream.of("entry-proxy"))
                .toList()) {
            try {
                text.append(Files.readString(LocalStack.root().resolve(".gateway/logs/" + component + ".log"),
                        StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }
}
