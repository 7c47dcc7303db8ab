package com.promptpay.gateway.stripeemulator;

import java.math.BigDecimal;
import java.util.Locale;

/** Money is satang everywhere; this is the one place it turns into text for people. */
public final class Baht {

    private Baht() {
    }

    /** 10000 → {@code ฿100.00}; 100000000 → {@code ฿1,000,000.00}. */
    public static String format(long satang) {
        return String.format(Locale.ROOT, "฿%,.2f", BigDecimal.valueOf(satang, 2));
    }
}
