package com.promptpay.gateway.intent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RedirectSignerTest {

    @Test
    void keepsTheMerchantsQueryAndSignsTheSeedsParameters() {
        String url = RedirectSigner.redirect("https://your-site.com/payment/success?order=12345#top",
                Map.of("payment_id", "pi_1", "status", "success", "amount", "10000"), "rsec_x");

        String expectedSign = RedirectSigner.sign("amount=10000&payment_id=pi_1&status=success", "rsec_x");
        assertEquals("https://your-site.com/payment/success?order=12345&amount=10000&payment_id=pi_1&status=success&signature="
                + expectedSign, url);
    }

    @Test
    void addsAQueryWhenTheUrlHasNone() {
        String url = RedirectSigner.redirect("https://your-site.com/payment/cancel",
                Map.of("payment_id", "pi_1", "status", "cancel"), "rsec_x");
        assertEquals("https://your-site.com/payment/cancel?payment_id=pi_1&status=cancel&signature="
                + RedirectSigner.sign("payment_id=pi_1&status=cancel", "rsec_x"), url);
    }

    @Test
    void matchesAnIndependentHmac() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("k".getBytes(), "HmacSHA256"));
        assertEquals(java.util.HexFormat.of().formatHex(mac.doFinal("a=1".getBytes())), RedirectSigner.sign("a=1", "k"));
    }
}
