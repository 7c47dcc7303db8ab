package com.promptpay.gateway.e2e.fuzz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Bad headers: credentials of the wrong kind, content types, sizes, repeats, and tampered signatures. */
final class HeaderMutations {

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

    HeaderMutations(Fixtures fixtures) {
        this.fixtures = fixtures;
    }

    void apply(Draft draft, Random random) {
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
        // An earlier mutation of the same draft may have left "Bearer " with no key at all.
        String key = current == null ? demo : current.substring(current.indexOf(' ') + 1);
        List<String> values = List.of("Bearer", "Bearer ", "bearer " + key, "BEARER " + key, "Basic dXNlcjpwYXNz",
                "Bearer " + key + " extra", "Bearer  " + key, "Token " + key, "Bearer " + Nasty.token(random, 400),
                "Bearer " + "x".repeat(6000), "Bearer " + key + "\t", "Bearer sk_ทดสอบ", "Bearer " + fixtures.adminToken(),
                "Bearer " + demo, "Bearer " + key.substring(0, Math.max(0, key.length() - 1)), "Digest username=\"a\"", "Bearer null");
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
}
