package com.promptpay.gateway.e2e.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every answer to bad input must be: below 500, no stack trace or internal class name, no secret, and an
 * error that says what was wrong — RFC 9457 problem+json naming the field for the JSON APIs, a page for the pages.
 */
final class Oracle {

    private static final Pattern STACK_TRACE = Pattern.compile("\tat |\\bat (com|io|org|java|jdk|sun|jakarta)\\.|java\\.lang\\."
            + "|Exception:|Caused by|org\\.hibernate|io\\.vertx\\.core\\.|io\\.quarkus\\.|org\\.postgresql|com\\.fasterxml\\."
            + "|io\\.smallrye\\.|org\\.jboss\\.");
    private static final long SLOW_MILLIS = 10_000;

    private final List<String> secrets;

    Oracle(List<String> secrets) {
        this.secrets = secrets.stream().filter(secret -> secret != null && secret.length() >= 12).toList();
    }

    /** Everything wrong with this answer to this request; empty when it is a fine answer to bad input. */
    List<String> judge(Draft draft, Baselines.Kind kind, Outcome outcome) {
        List<String> wrong = new ArrayList<>();
        if (!outcome.answered()) {
            if (!draft.httpLayerMayRefuse()) {
                wrong.add("no answer: " + outcome.error());
            }
            return wrong;
        }
        int status = outcome.status();
        if (status >= 500) {
            wrong.add("status " + status + (outcome.headers().containsKey("retry-after")
                    ? " (Retry-After " + outcome.headers().get("retry-after") + ")" : ""));
        }
        if (outcome.millis() > SLOW_MILLIS) {
            wrong.add("answered after " + outcome.millis() + " ms");
        }
        String text = outcome.text();
        Matcher trace = STACK_TRACE.matcher(text);
        if (trace.find()) {
            wrong.add("internals in the body: …" + excerpt(text, trace.start()) + "…");
        }
        secrets.stream().filter(text::contains).findFirst().ifPresent(secret -> wrong.add("a secret in the body"));
        String type = outcome.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html") && text.contains(Nasty.MARKER)) {
            wrong.add("input reflected unescaped in HTML: …" + excerpt(text, text.indexOf(Nasty.MARKER)) + "…");
        }
        if (status >= 400 && status < 500 && !"HEAD".equalsIgnoreCase(draft.method)) {
            clientError(draft, kind, outcome, type, wrong);
        }
        return wrong;
    }

    private static void clientError(Draft draft, Baselines.Kind kind, Outcome outcome, String type, List<String> wrong) {
        if (outcome.body().length == 0) {
            if (!draft.httpLayerMayRefuse()) {
                wrong.add(outcome.status() + " with an empty body");
            }
            return;
        }
        if (type.startsWith("application/problem+json")) {
            problem(draft, outcome, wrong);
        } else if (kind == Baselines.Kind.HTML_PAGE && type.startsWith("text/html")) {
            return;
        } else if (draft.pathTampered && draft.path().startsWith("/payment/") && type.startsWith("text/html")) {
            return; // a path the JSON endpoint no longer owns is a checkout page path: the shopper's error page
        } else {
            wrong.add(outcome.status() + " as '" + type + "', not application/problem+json"
                    + (kind == Baselines.Kind.HTML_PAGE ? " or an HTML page" : ""));
        }
    }

    private static void problem(Draft draft, Outcome outcome, List<String> wrong) {
        JsonNode problem;
        try {
            problem = Draft.JSON.readTree(outcome.body());
        } catch (IOException e) {
            wrong.add("problem+json that is not JSON: " + Draft.abbreviate(outcome.text(), 120));
            return;
        }
        if (problem == null || !problem.isObject()) {
            wrong.add("problem+json that is not an object");
            return;
        }
        if (problem.path("status").asInt(-1) != outcome.status()) {
            wrong.add("problem status " + problem.get("status") + " on a " + outcome.status());
        }
        if (problem.path("title").asText("").isBlank()) {
            wrong.add("problem without a title");
        }
        if (problem.has("type") && !problem.get("type").isTextual()) {
            wrong.add("problem type is not a URI reference");
        }
        JsonNode errors = problem.path("errors");
        if (!errors.isMissingNode()) {
            for (JsonNode error : errors) {
                if (error.path("field").asText("").isBlank() || !error.path("message").isTextual()) {
                    wrong.add("an error entry without field or message: " + error);
                }
            }
        }
        // A refused path has no field to name: the entry refuses it whole, and so may the HTTP layer.
        boolean namesWhatIsWrong = errors.size() > 0 || !problem.path("reason").asText("").isBlank();
        if ((outcome.status() == 400 || outcome.status() == 422) && !namesWhatIsWrong && !draft.pathTampered
                && !draft.httpLayerMayRefuse()) {
            wrong.add(outcome.status() + " that names no field: " + Draft.abbreviate(outcome.text(), 200));
        }
    }

    /** Reports are printed and kept in target/: the installation's secrets stay out of them. */
    String redact(String text) {
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "<secret " + secret.substring(0, 4) + "…>");
        }
        return redacted;
    }

    private static String excerpt(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 100)).replace("\n", "\\n").replace("\t", "\\t");
    }
}
