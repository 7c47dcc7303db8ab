package com.promptpay.gateway.stripeemulator.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String SECRET = "whsec_unit_test_secret";
    private static final String BODY = "{\"id\":\"evt_1\",\"object\":\"event\"}";

    @Test
    void stripeJavaAcceptsTheSignature() throws SignatureVerificationException {
        long now = System.currentTimeMillis() / 1000;
        String header = "t=" + now + ",v1=" + WebhookSigner.hmacSha256Hex(SECRET, now + "." + BODY);

        Webhook.Signature.verifyHeader(BODY, header, SECRET, 300);
    }

    @Test
    void stripeJavaRejectsItUnderAnotherSecret() {
        long now = System.currentTimeMillis() / 1000;
        String header = "t=" + now + ",v1=" + WebhookSigner.hmacSha256Hex("whsec_other", now + "." + BODY);

        assertThrows(SignatureVerificationException.class,
                () -> Webhook.Signature.verifyHeader(BODY, header, SECRET, 300));
    }

    @Test
    void matchesAKnownHmacSha256Vector() {
        // RFC 4231 test case 2.
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSigner.hmacSha256Hex("Jefe", "what do ya want for nothing?"));
    }
}
