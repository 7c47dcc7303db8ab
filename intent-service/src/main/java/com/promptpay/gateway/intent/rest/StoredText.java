package com.promptpay.gateway.intent.rest;

import java.util.Optional;

/**
 * Text PostgreSQL stores exactly as sent: no control characters but line break and tab (a NUL cannot be stored in
 * text or jsonb at all, the insert fails), and no half of a surrogate pair (it has no UTF-8, so it would be changed).
 */
final class StoredText {

    private StoredText() {
    }

    /** Why this text cannot be taken, if it cannot. */
    static Optional<String> problem(String text) {
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f)) {
            return Optional.of("must not contain control characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode (half of a surrogate pair)");
            }
        }
        return Optional.empty();
    }
}
