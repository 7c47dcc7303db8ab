package com.promptpay.gateway.checkout;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The page's two languages. An explicit {@code ?lang=} wins, then the browser's Accept-Language, then
 * Thai (the gateway's shoppers are in Thailand).
 */
public enum Lang {
    TH("th"),
    EN("en");

    private static final List<Locale> SUPPORTED = List.of(Locale.forLanguageTag("th"), Locale.forLanguageTag("en"));

    private final String code;

    Lang(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public Locale locale() {
        return Locale.forLanguageTag(code);
    }

    public Lang other() {
        return this == TH ? EN : TH;
    }

    public static Optional<Lang> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Lang lang : values()) {
            if (lang.code.equalsIgnoreCase(code.strip())) {
                return Optional.of(lang);
            }
        }
        return Optional.empty();
    }

    public static Lang negotiate(String query, String acceptLanguage) {
        Optional<Lang> explicit = fromCode(query);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 500) {
            return TH;
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return best == null ? TH : fromCode(best.getLanguage()).orElse(TH);
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            return TH; // the JDK's parser throws the latter on a bare "-" (found by the e2e FuzzIT)
        }
    }
}
