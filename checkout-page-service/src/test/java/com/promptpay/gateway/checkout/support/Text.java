package com.promptpay.gateway.checkout.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.regex.Pattern;

/** Assertions on page text that print what was missing and the page around it. */
public final class Text {

    private Text() {
    }

    public static void has(String text, String... parts) {
        for (String part : parts) {
            if (!text.contains(part)) {
                fail("expected to find\n  " + part + "\nin\n" + text);
            }
        }
    }

    public static void hasNot(String text, String... parts) {
        for (String part : parts) {
            int at = text.indexOf(part);
            if (at >= 0) {
                fail("did not expect\n  " + part + "\nbut found it at …" + text.substring(Math.max(0, at - 80),
                        Math.min(text.length(), at + part.length() + 80)) + "…");
            }
        }
    }

    public static void matches(String text, String regex) {
        if (!Pattern.compile(regex).matcher(text).find()) {
            fail("expected a match of\n  " + regex + "\nin\n" + text);
        }
    }

    public static void matchesNot(String text, String regex) {
        var matcher = Pattern.compile(regex).matcher(text);
        if (matcher.find()) {
            fail("did not expect a match of\n  " + regex + "\nbut found …" + text.substring(Math.max(0, matcher.start() - 80),
                    Math.min(text.length(), matcher.end() + 80)) + "…");
        }
    }
}
