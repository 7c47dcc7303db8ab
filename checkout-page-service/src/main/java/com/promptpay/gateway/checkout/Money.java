package com.promptpay.gateway.checkout;

import java.util.Locale;

/** Money is satang everywhere; it becomes {@code ฿100.00} only here, at the edge. */
public final class Money {

    private Money() {
    }

    /** {@code 10000, "thb"} → {@code ฿100.00}; {@code 123456789} → {@code ฿1,234,567.89}; other currencies as {@code 12.50 USD}. */
    public static String format(long minorUnits, String currency) {
        String number = String.format(Locale.ROOT, "%,d.%02d", minorUnits / 100, Math.abs(minorUnits % 100));
        if (currency == null || "thb".equalsIgnoreCase(currency)) {
            return "฿" + number;
        }
        return number + " " + currency.toUpperCase(Locale.ROOT);
    }
}
