package com.promptpay.gateway.stripeemulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BahtTest {

    @Test
    void formatsSatangAsBahtWithTwoDecimalsAndGrouping() {
        assertEquals("฿100.00", Baht.format(10_000));
        assertEquals("฿10.00", Baht.format(1_000));
        assertEquals("฿1.00", Baht.format(100));
        assertEquals("฿0.05", Baht.format(5));
        assertEquals("฿999,999.99", Baht.format(99_999_999));
    }
}
