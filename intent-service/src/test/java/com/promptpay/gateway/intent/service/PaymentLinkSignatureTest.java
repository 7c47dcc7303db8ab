package com.promptpay.gateway.intent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PaymentLinkSignatureTest {

    /** The README's example, as its JavaScript and Python snippets compute it. */
    private static final Map<String, String> README_LINK = Map.of("uid", "88273-D", "text", "Заказ 88273-D", "sum", "10000");
    private static final String README_SIGN = "5379f29a7129af03d353fbef54c90f12964231dfe233335d7fd4a3c52c0c4877";

    @Test
    void signsTheReadmeExampleAsTheReadmeSnippetsDo() {
        assertEquals("sum=10000\ntext=Заказ 88273-D\nuid=88273-D", PaymentLinkSignature.canonical(README_LINK));
        assertEquals(README_SIGN, PaymentLinkSignature.sign(README_LINK, "lsec_abc"));
        assertTrue(PaymentLinkSignature.verify(README_LINK, README_SIGN.toUpperCase(), "lsec_abc"));
    }

    @Test
    void anyChangeBreaksTheSignature() {
        assertFalse(PaymentLinkSignature.verify(Map.of("uid", "88273-D", "text", "Заказ 88273-D", "sum", "1000"), README_SIGN, "lsec_abc"));
        assertFalse(PaymentLinkSignature.verify(README_LINK, README_SIGN, "lsec_other"));
        assertFalse(PaymentLinkSignature.verify(README_LINK, null, "lsec_abc"));
    }
}
