package com.promptpay.gateway.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a baseline into a bad request. Families run in a fixed order (the body before the headers, so a tampered
 * signature is computed over the final body); protocol abuse comes last, after signing, on the finished bytes.
 * Here: the path, the query and the method; bodies and headers have classes of their own.
 */
final class Mutations {

    enum Family { PATH, QUERY, BODY, HEADER, METHOD, PROTOCOL }

    /** Raw, already-encoded path segments. Those with a dot or an encoded separator are for the entry to refuse. */
    private static final List<String> PATH_IDS = List.of("..", ".", "%2e%2e", "%2E%2E", "..%2f..%2fq%2fhealth", "%2e%2e%2f",
            "..;", "%00", "pi_%00", "%ff%fe", "%C0%AE%C0%AE", "%252e%252e", "%5c..%5c", ";x=1", "pi_x;jsessionid=1", "%20",
            "%20pi_", "*", "~", "%7Bid%7D", "null", "0", "-1", "1e9", "%E0%B8%81%E0%B8%82", "%F0%9F%92%B8", "%0d%0aX-Injected:%201",
            "%3Cfz-x%3E", "x".repeat(300), "pi_" + "A".repeat(1000), "\\..\\", "%zz", "%", "a b", "ก");

    private final Fixtures fixtures;
    private final HeaderMutations headers;

    Mutations(Fixtures fixtures) {
        this.fixtures = fixtures;
        this.headers = new HeaderMutations(fixtures);
    }

    /** One mutation of this family, described in {@code draft.mutations}. */
    void apply(Family family, Draft draft, Random random) {
        switch (family) {
            case PATH -> path(draft, random);
            case QUERY -> query(draft, random);
            case BODY -> BodyMutations.apply(draft, random);
            case HEADER -> headers.apply(draft, random);
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
