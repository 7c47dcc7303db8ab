package com.promptpay.gateway.e2e.fuzz;

import java.util.List;
import java.util.Random;

/**
 * The hand-written nasty values. Nothing here may contain a stack-trace pattern ({@link Oracle}), or an echo of
 * the input would read as a leak. {@link #MARKER} must never come back unescaped in an HTML page.
 */
final class Nasty {

    static final String MARKER = "<fz-x>";

    /** Decoded text: JSON strings, query and form values, header values where the protocol allows. */
    static final List<String> STRINGS = List.of(
            "", " ", "\t", "null", "undefined", "NaN", "0", "-1", "true", "[]", "{}",
            "สั่งซื้อสินค้า ชำระเงิน ๑๒๓", "กรุณา\u0E31\u0E34\u0E47\u0E48\u0E49", // Thai with stacked marks
            "\u202Eevil\u202C txt.exe", "مرحبا بالعالم", "שלום", // RTL override, Arabic, Hebrew
            "👩‍👩‍👧‍👦🇹🇭💸", "\uD83D\uDCB0".repeat(300), "\uFEFFbom", "zero\u200Bwidth\u200D",
            "Z̸̡̢̛̛̗͍̼̱̲͔͈͉͓̣̗ͭͨ̓ͫ̒ͪ̋ͩ̅̚ͅa̸l̷g̵o", "\u0000", "nul\u0000inside", "\u0007\u001B[31mred",
            "line\nbreak", "cr\r\nX-Injected: 1", "%00", "%2e%2e%2f", "../../../../etc/passwd", "..\\..\\windows\\win.ini",
            "' OR '1'='1' --", "\"; DROP TABLE payment_intent; --", "${jndi:ldap://127.0.0.1:1/x}", "#{7*7}", "{{7*7}}",
            "{#for x in 1..9999999}x{/for}", MARKER + "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)", "%s%s%s%n", "\\u0000", "\\ud800", "a".repeat(256), "é".repeat(1001),
            "x".repeat(4097), "ก".repeat(2049), "https://evil.example/", "http://localhost:3001/payment/success",
            "https://your-site.com/payment/success?x=" + "y".repeat(3000), "mailto:a@b.c", "file:///etc/passwd",
            "customer@example.com", "a@b", "@", "customer@example.com\n", "customer@exam ple.com",
            "pi_000000000000000000000000", "mch_" + "A".repeat(24), "2025-01-31T00:00:00Z", "9999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "1738281600", "P1D", "requires_action", "succeeded", "standard", "dromon");

    /** Raw JSON literals, some of them not JSON at all. */
    static final List<String> NUMBERS = List.of(
            "0", "-0", "-1", "1", "99", "100", "10000", "99999999", "100000000", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(99),
            "1" + "0".repeat(400), "1.5", "10000.0", "1e4", "1E+4", "1e308", "1e309", "-1e309", "1e-400",
            "1e999999999", "0.0000000000000000000001", "0x10", "NaN", "Infinity", "-Infinity", "+1", "01", ".5", "5.",
            "1_000", "١٠٠٠٠");

    /** Raw JSON snippets for a field's value: wrong types, bombs, escapes no decoder should trust. */
    static final List<String> JSON_VALUES = List.of(
            "null", "true", "false", "[]", "{}", "[10000]", "{\"amount\":10000}", "\"10000\"", "\" 10000 \"",
            "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud800\\ud800\"", "\"\\uDBFF\\uDFFF\"", "\"\\u0000\"", "\"\\x41\"",
            "\"\\uZZZZ\"", "\"unterminated", "'single'", "[1,2,", "{\"a\":}", "[" + "1,".repeat(5000) + "1]",
            nested("[", "]", 33), nested("[", "]", 1000), nested("{\"a\":", "}", 40), nested("{\"a\":", "}", 5000),
            wideObject(2000), "\"" + "x".repeat(70_000) + "\"");

    private Nasty() {
    }

    static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    static String nested(String open, String close, int depth) {
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    static String wideObject(int keys) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < keys; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    /** A string of printable ASCII, the kind a token or id is made of, of any length up to max. */
    static String token(Random random, int max) {
        int length = 1 + random.nextInt(max);
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return token.toString();
    }

    /** An id of the right shape that names nothing. */
    static String wellFormedId(String prefix, Random random) {
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder id = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 24; i++) {
            id.append(base62.charAt(random.nextInt(base62.length())));
        }
        return id.toString();
    }
}
