package com.promptpay.gateway.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Turns a baseline into a bad request. Families run in a fixed order (the body before the headers, so a tampered
 * signature is computed over the final body); protocol abuse comes last, after signing, on the finished bytes.
 */
final class Mutations {

    enum Family { PATH, QUERY, BODY, HEADER, METHOD, PROTOCOL }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Raw, already-encoded path segments. Those with a dot or an encoded separator are for the entry to refuse. */
    private static final List<String> PATH_IDS = List.of("..", ".", "%2e%2e", "%2E%2E", "..%2f..%2fq%2fhealth", "%2e%2e%2f",
            "..;", "%00", "pi_%00", "%ff%fe", "%C0%AE%C0%AE", "%252e%252e", "%5c..%5c", ";x=1", "pi_x;jsessionid=1", "%20",
            "%20pi_", "*", "~", "%7Bid%7D", "null", "0", "-1", "1e9", "%E0%B8%81%E0%B8%82", "%F0%9F%92%B8", "%0d%0aX-Injected:%201",
            "%3Cfz-x%3E", "x".repeat(300), "pi_" + "A".repeat(1000), "\\..\\", "%zz", "%", "a b", "ก");

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/json; charset=utf-16",
            "application/json; charset=bogus", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*",
            "", ";;;", "application/json, text/plain", "APPLICATION/JSON", "application/problem+json", "application/json; q=abc",
            "application/" + "j".repeat(3000), "text/html", "image/png", "application/octet-stream", "application/vnd.api+json");

    private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "image/png", "*/*;q=0",
            "application/json;q=abc", "text/event-stream", "application/json", "application/problem+json", ",,,", "x/y/z",
            "text/*, application/xml;q=0.9", "a".repeat(4000));

    private static final List<String> LANGUAGES = List.of("*", "th;q=abc", "en-US,en;q=0.9,th;q=2", "zz", "th-TH-u-nu-thai",
            "-", "en;q=-1", "ja,".repeat(700), "\u0E44\u0E17\u0E22");

    private final Fixtures fixtures;

    Mutations(Fixtures fixtures) {
        this.fixtures = fixtures;
    }

    /** One mutation of this family, described in {@code draft.mutations}. */
    void apply(Family family, Draft draft, Random random) {
        switch (family) {
            case PATH -> path(draft, random);
            case QUERY -> query(draft, random);
            case BODY -> body(draft, random);
            case HEADER -> header(draft, random);
            case METHOD -> method(draft, random);
            case PROTOCOL -> RawRequests.tamper(draft, random);
        }
    }

    private void path(Draft draft, Random random) {
        draft.pathTampered = true;
        if (!draft.pathValues.isEmpty() && random.nextInt(4) != 0) {
            List<String> names = new ArrayList<>(draft.pathValues.keySet());
            String name = names.get(random.nextInt(names.size()));
            String value = switch (random.nextInt(5)) {
                case 0 -> Nasty.wellFormedId(List.of("pi", "mch", "key", "dlv", "evt").get(random.nextInt(5)), random);
                case 1 -> List.of(fixtures.foreignIntent(), fixtures.deliveryId(), fixtures.fuzzMerchantId(),
                        fixtures.openIntent().toUpperCase(java.util.Locale.ROOT)).get(random.nextInt(4));
                case 2 -> Draft.encode(Nasty.pick(Nasty.STRINGS, random));
                case 3 -> "x".repeat(4000 + random.nextInt(2000));
                default -> Nasty.pick(PATH_IDS, random);
            };
            draft.pathValues.put(name, value);
            draft.mutations.add("path " + name + "=" + Draft.abbreviate(value, 40));
            return;
        }
        String path = draft.path();
        String shaped = switch (random.nextInt(9)) {
            case 0 -> path + "/";
            case 1 -> path.replaceFirst("/", "//");
            case 2 -> path + "/x";
            case 3 -> path + "/..";
            case 4 -> path.toUpperCase(java.util.Locale.ROOT);
            case 5 -> path.substring(0, Math.max(1, path.lastIndexOf('/')));
            case 6 -> path.replaceFirst("^/([a-z])", "/%$1").replace("%p", "%70").replace("%a", "%61").replace("%w", "%77");
            case 7 -> path + "/../../q/health";
            default -> path.replaceFirst("^(/[^/]+)", "$1;x=1");
        };
        draft.rawPath = shaped;
        draft.mutations.add("path shape " + Draft.abbreviate(shaped, 60));
    }

    private void query(Draft draft, Random random) {
        List<String> names = new ArrayList<>(List.of("lang", "limit", "status", "startingAfter", "format", "__proto__", "sign", "uid"));
        draft.query.forEach(pair -> names.add(pair[0]));
        String name = names.get(random.nextInt(names.size()));
        draft.keepSignature |= name.equals("sign");
        switch (random.nextInt(8)) {
            case 0 -> {
                draft.setQuery(name, Nasty.pick(Nasty.STRINGS, random));
                draft.mutations.add("query " + name + "=nasty");
            }
            case 1 -> {
                String raw = Nasty.pick(List.of("%zz", "%", "%ff", "%00", "+", "&&", "==", "%u002e", "a%2", "%C0%80"), random);
                draft.query.add(new String[] {name, raw});
                draft.mutations.add("query " + name + "=" + raw + " (raw)");
            }
            case 2 -> {
                draft.query.add(new String[] {name, Draft.encode(Nasty.pick(Nasty.STRINGS, random))});
                draft.mutations.add("query duplicated " + name);
            }
            case 3 -> {
                draft.query.add(new String[] {name, null});
                draft.mutations.add("query " + name + " without =");
            }
            case 4 -> {
                draft.query.add(new String[] {name + "[]", "1"});
                draft.query.add(new String[] {name + "[0][x]", "2"});
                draft.mutations.add("query array syntax " + name);
            }
            case 5 -> {
                int count = 50 + random.nextInt(600);
                for (int i = 0; i < count; i++) {
                    draft.query.add(new String[] {"p" + i, Integer.toString(i)});
                }
                draft.mutations.add("query " + count + " parameters");
            }
            case 6 -> {
                draft.query.add(new String[] {Draft.encode(Nasty.pick(Nasty.STRINGS, random)), "1"});
                draft.mutations.add("query nasty name");
            }
            default -> {
                draft.setQuery(name, Nasty.pick(Nasty.NUMBERS, random));
                draft.mutations.add("query " + name + "=number");
            }
        }
    }

    private void body(Draft draft, Random random) {
        if (draft.json instanceof ObjectNode && random.nextInt(3) != 0) {
            jsonField(draft, random);
        } else if (draft.form != null && random.nextBoolean()) {
            formField(draft, random);
        } else {
            wholeBody(draft, random);
        }
    }

    /** A field anywhere in the tree removed, retyped, or joined by an unknown one. */
    private static void jsonField(Draft draft, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(draft.json, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(7)) {
            case 0 -> {
                target.remove(field);
                draft.mutations.add("body without " + field);
            }
            case 1, 2 -> {
                String raw = Nasty.pick(Nasty.JSON_VALUES, random);
                target.set(field, NODES.rawValueNode(new RawValue(raw)));
                draft.mutations.add("body " + field + "=" + Draft.abbreviate(raw, 40));
            }
            case 3 -> {
                target.set(field, NODES.rawValueNode(new RawValue(Nasty.pick(Nasty.NUMBERS, random))));
                draft.mutations.add("body " + field + "=number " + target.get(field));
            }
            case 4 -> {
                String text = Nasty.pick(Nasty.STRINGS, random);
                target.put(field, text);
                draft.mutations.add("body " + field + "=string " + Draft.abbreviate(text, 30));
            }
            case 5 -> {
                String name = Nasty.pick(List.of("__proto__", "constructor", "", "k".repeat(300), "amount ", "Amount",
                        "\u0000", "ยอดเงิน", "$where", "metadata.orderId"), random);
                String raw = Nasty.pick(Nasty.JSON_VALUES, random);
                target.set(name, NODES.rawValueNode(new RawValue(raw)));
                draft.mutations.add("body extra field " + Draft.abbreviate(name, 20));
            }
            default -> {
                String text = new String(draft.body(), StandardCharsets.UTF_8);
                draft.rawBody = text.replaceFirst("\\{", "{\"" + field + "\":\"duplicate\",").getBytes(StandardCharsets.UTF_8);
                draft.mutations.add("body duplicate key " + field);
            }
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectObjects(child, into));
        }
    }

    private static void formField(Draft draft, Random random) {
        String[] field = draft.form.get(random.nextInt(draft.form.size()));
        switch (random.nextInt(4)) {
            case 0 -> {
                draft.form.remove(field);
                draft.mutations.add("form without " + field[0]);
            }
            case 1 -> {
                field[1] = Nasty.pick(Nasty.STRINGS, random);
                draft.mutations.add("form " + field[0] + "=nasty");
            }
            case 2 -> {
                draft.form.add(new String[] {field[0], Nasty.pick(Nasty.STRINGS, random)});
                draft.mutations.add("form duplicated " + field[0]);
            }
            default -> {
                draft.rawBody = (new String(draft.body(), StandardCharsets.UTF_8) + "&" + field[0] + "=%zz&%=&=")
                        .getBytes(StandardCharsets.UTF_8);
                draft.mutations.add("form broken escapes");
            }
        }
    }

    private static void wholeBody(Draft draft, Random random) {
        byte[] body = draft.body();
        String text = new String(body, StandardCharsets.UTF_8);
        int choice = random.nextInt(16);
        draft.rawBody = switch (choice) {
            case 0 -> new byte[0];
            case 1 -> Nasty.pick(List.of("null", "[]", "\"text\"", "12345", "true", " ", "\n"), random).getBytes(StandardCharsets.UTF_8);
            case 2 -> body.length < 2 ? "{".getBytes(StandardCharsets.UTF_8)
                    : java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 1));
            case 3 -> new byte[] {(byte) 0xff, (byte) 0xfe, '{', (byte) 0xc3, (byte) 0x28, (byte) 0x80, '}'};
            case 4 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case 5 -> text.getBytes(StandardCharsets.UTF_16);
            case 6 -> ("/* comment */" + text.replaceFirst("}\\s*$", ",}")).getBytes(StandardCharsets.UTF_8);
            case 7 -> Nasty.nested("[", "]", 1000 + random.nextInt(20_000)).getBytes(StandardCharsets.UTF_8);
            case 8 -> Nasty.nested("{\"a\":", "}", 500 + random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
            case 9 -> Nasty.wideObject(100 + random.nextInt(3000)).getBytes(StandardCharsets.UTF_8);
            case 10 -> ("{\"x\":\"" + "é".repeat(20_000 + random.nextInt(100_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 11 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                    .getBytes(StandardCharsets.UTF_8);
            case 12 -> "amount=10000&email=a%40b.c&csrf=%zz".getBytes(StandardCharsets.UTF_8);
            case 13 -> text.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
            case 14 -> "{\"amount\":NaN,\"email\":Infinity}".getBytes(StandardCharsets.UTF_8);
            default -> new byte[200_000 + random.nextInt(400_000)];
        };
        draft.mutations.add("whole body #" + choice + " (" + draft.rawBody.length + " bytes)");
    }

    private void header(Draft draft, Random random) {
        List<Runnable> choices = new ArrayList<>();
        choices.add(() -> authorization(draft, random));
        choices.add(() -> authorization(draft, random));
        choices.add(() -> replace(draft, "Content-Type", Nasty.pick(CONTENT_TYPES, random)));
        choices.add(() -> replace(draft, "Accept", Nasty.pick(ACCEPTS, random)));
        choices.add(() -> replace(draft, "Accept-Language", Nasty.pick(LANGUAGES, random)));
        choices.add(() -> replace(draft, "Idempotency-Key", Nasty.pick(List.of(Nasty.token(random, 300), "", " ",
                "key with spaces", "ключ", "k".repeat(255), "k".repeat(256)), random)));
        choices.add(() -> replace(draft, "Sec-Fetch-Site", Nasty.pick(List.of("cross-site", "same-site", "none", "same-origin", "?"), random)));
        choices.add(() -> replace(draft, Nasty.pick(List.of("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded",
                "X-HTTP-Method-Override", "Origin", "Referer", "Range", "If-None-Match", "Content-Encoding"), random),
                Nasty.pick(List.of("evil.example", "127.0.0.1, 10.0.0.1", "javascript", "DELETE", "bytes=0-1,2-3,0-99999",
                        "gzip", "for=\"[::1]\";proto=https", "*"), random)));
        choices.add(() -> {
            int size = 1000 + random.nextInt(12_000);
            draft.headers.add(new String[] {"X-Fuzz", "v".repeat(size)});
            draft.mutations.add("header X-Fuzz of " + size + " chars");
        });
        choices.add(() -> {
            int count = 20 + random.nextInt(500);
            for (int i = 0; i < count; i++) {
                draft.headers.add(new String[] {"X-Fuzz-" + i, Integer.toString(i)});
            }
            draft.mutations.add(count + " extra headers");
        });
        choices.add(() -> {
            String[] copy = draft.headers.get(random.nextInt(draft.headers.size()));
            draft.headers.add(new String[] {copy[0], Nasty.pick(Nasty.STRINGS, random)});
            draft.mutations.add("duplicated header " + copy[0]);
        });
        if (draft.header("Stripe-Signature") != null) {
            choices.add(() -> stripeSignature(draft, random));
            choices.add(() -> stripeSignature(draft, random));
        }
        if (draft.header("Cookie") != null) {
            choices.add(() -> replace(draft, "Cookie", Nasty.pick(List.of("pp_csrf=", "pp_csrf=" + Nasty.token(random, 100),
                    "pp_csrf=" + fixtures.csrfCookie() + "; pp_csrf=forged", "pp_csrf=\"" + fixtures.csrfCookie() + "\"",
                    "a=1; ".repeat(300), "pp_csrf=" + Draft.encode(Nasty.pick(Nasty.STRINGS, random))), random)));
        }
        choices.get(random.nextInt(choices.size())).run();
    }

    private void authorization(Draft draft, Random random) {
        String demo = fixtures.demoKey();
        String current = draft.header("Authorization");
        String key = current == null ? demo : current.substring(current.indexOf(' ') + 1);
        List<String> values = List.of("Bearer", "Bearer ", "bearer " + key, "BEARER " + key, "Basic dXNlcjpwYXNz",
                "Bearer " + key + " extra", "Bearer  " + key, "Token " + key, "Bearer " + Nasty.token(random, 400),
                "Bearer " + "x".repeat(6000), "Bearer " + key + "\t", "Bearer sk_ทดสอบ", "Bearer " + fixtures.adminToken(),
                "Bearer " + demo, "Bearer " + key.substring(0, key.length() - 1), "Digest username=\"a\"", "Bearer null");
        int choice = random.nextInt(values.size() + 2);
        if (choice == values.size()) {
            draft.removeHeader("Authorization");
            draft.mutations.add("no Authorization");
        } else if (choice == values.size() + 1) {
            draft.headers.add(new String[] {"Authorization", "Bearer " + Nasty.token(random, 40)});
            draft.mutations.add("second Authorization");
        } else {
            draft.setHeader("Authorization", values.get(choice));
            draft.mutations.add("Authorization #" + choice);
        }
    }

    /** The signature itself is the mutation: never re-signed afterwards. */
    private void stripeSignature(Draft draft, Random random) {
        draft.keepSignature = true;
        String secret = fixtures.settings().get("STRIPE_WEBHOOK_SECRET");
        long now = Instant.now().getEpochSecond();
        String valid = Baselines.stripeSignature(draft.body(), secret, now);
        String[] values = {"", "t=", "t=abc,v1=00", "t=" + now + ",v1=" + "0".repeat(64), valid.substring(valid.indexOf(',') + 1),
                Baselines.stripeSignature(draft.body(), secret, now - 3600), Baselines.stripeSignature(draft.body(), secret, now + 3600),
                Baselines.stripeSignature(draft.body(), secret, 99_999_999_999L), "t=99999999999999999999,v1=00", "t=-1,v1=00",
                "t=" + now + "," + valid, valid + ",v0=" + "f".repeat(64), valid + ",v1=" + "0".repeat(64), valid.replace("v1=", "V1="),
                ("v1=" + "a".repeat(64) + ",").repeat(100) + valid, Baselines.stripeSignature(draft.body(), "whsec_wrong", now),
                valid.replace(",", " , "), valid + "," + "x".repeat(5000)};
        int choice = random.nextInt(values.length);
        draft.setHeader("Stripe-Signature", values[choice]);
        draft.mutations.add("Stripe-Signature #" + choice);
    }

    private static void replace(Draft draft, String name, String value) {
        draft.setHeader(name, value);
        draft.mutations.add(name + ": " + Draft.abbreviate(value, 40));
    }

    private static void method(Draft draft, Random random) {
        String method = Nasty.pick(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ", "get",
                "PROPFIND"), random);
        draft.method = method;
        draft.mutations.add("method " + method);
    }

    static Map<Family, Integer> weights(Draft baseline) {
        boolean hasBody = baseline.json != null || baseline.form != null;
        return Map.of(Family.PATH, baseline.pathValues.isEmpty() ? 4 : 14, Family.QUERY, baseline.query.isEmpty() ? 8 : 16,
                Family.BODY, hasBody ? 36 : 8, Family.HEADER, 26, Family.METHOD, 4, Family.PROTOCOL, 5);
    }
}
