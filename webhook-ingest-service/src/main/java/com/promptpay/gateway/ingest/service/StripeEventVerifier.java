package com.promptpay.gateway.ingest.service;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.ingest.Interpretation;
import com.promptpay.gateway.ingest.RejectionReason;
import com.promptpay.gateway.ingest.config.StripeWebhookConfig;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;

/**
 * Checks {@code Stripe-Signature} over the raw body with stripe-java against every configured secret, adds
 * the future-timestamp check stripe-java lacks, and reads the event. CPU only: safe on the event loop.
 */
@ApplicationScoped
public class StripeEventVerifier {

    private final List<String> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    public StripeEventVerifier(StripeWebhookConfig config, Clock clock) {
        this.secrets = config.webhookSecrets().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (secrets.isEmpty()) {
            throw new IllegalStateException("gateway.stripe.webhook-secrets (STRIPE_WEBHOOK_SECRET) names no secret");
        }
        this.toleranceSeconds = config.signatureTolerance().toSeconds();
        this.clock = clock;
    }

    /**
     * @return what the verified event means
     * @throws WebhookRejectedException with the reason, when the delivery must be refused
     */
    public Interpretation verify(byte[] body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookRejectedException(RejectionReason.MISSING_SIGNATURE,
                    "The Stripe-Signature header is missing.");
        }
        long timestamp = SignatureHeader.timestamp(signatureHeader);
        if (timestamp <= 0 || !SignatureHeader.hasV1Signature(signatureHeader)) {
            throw new WebhookRejectedException(RejectionReason.MALFORMED_SIGNATURE,
                    "The Stripe-Signature header needs t=<unix seconds> and at least one v1=<hex> signature.");
        }
        String payload = utf8(body);
        String secret = matchingSecret(payload, signatureHeader);
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - toleranceSeconds) {
            throw new WebhookRejectedException(RejectionReason.STALE_TIMESTAMP,
                    "The signature's timestamp is more than " + toleranceSeconds + " s in the past.");
        }
        if (timestamp > now + toleranceSeconds) {
            throw new WebhookRejectedException(RejectionReason.FUTURE_TIMESTAMP,
                    "The signature's timestamp is more than " + toleranceSeconds + " s in the future.");
        }
        Event event;
        try {
            // Verifies again, the stripe-java way (HMAC and the past bound), then reads the body.
            event = Webhook.constructEvent(payload, signatureHeader, secret, toleranceSeconds, clock);
        } catch (SignatureVerificationException e) {
            throw new WebhookRejectedException(RejectionReason.BAD_SIGNATURE, "The signature does not verify.");
        } catch (RuntimeException unreadable) {
            throw new WebhookRejectedException(RejectionReason.MALFORMED_EVENT, "The signed body is not a Stripe event.");
        }
        if (event == null) {
            throw new WebhookRejectedException(RejectionReason.MALFORMED_EVENT, "The signed body is not a Stripe event.");
        }
        try {
            return Interpretation.of(event);
        } catch (IllegalArgumentException incomplete) {
            throw new WebhookRejectedException(RejectionReason.MALFORMED_EVENT,
                    "The signed body is not a Stripe event: " + incomplete.getMessage() + ".");
        } catch (RuntimeException unreadable) {
            // Reading is lazy in stripe-java: a signed event with a malformed data object (a string amount,
            // say) throws Gson's JsonSyntaxException only here. Retrying would never help, so no 503.
            throw new WebhookRejectedException(RejectionReason.MALFORMED_EVENT,
                    "The signed event's data object cannot be read.");
        }
    }

    /** The secret one of the header's v1 signatures was made with; the timestamp is judged afterwards. */
    private String matchingSecret(String payload, String signatureHeader) {
        for (String secret : secrets) {
            try {
                // tolerance 0: HMAC only, so a stale timestamp is told apart from a wrong signature
                Webhook.Signature.verifyHeader(payload, signatureHeader, secret, 0, clock);
                return secret;
            } catch (SignatureVerificationException noMatch) {
                // try the next secret (rotation)
            }
        }
        throw new WebhookRejectedException(RejectionReason.BAD_SIGNATURE,
                "No v1 signature matches the body for any configured secret.");
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            // Decoding and re-encoding would change the bytes that were signed.
            throw new WebhookRejectedException(RejectionReason.BODY_NOT_UTF8, "The body is not valid UTF-8.");
        }
    }

    /** The parts of {@code t=…,v1=…,v0=…} this class needs before stripe-java sees it. */
    static final class SignatureHeader {

        private SignatureHeader() {
        }

        /** The one {@code t=} value; -1 when it is missing, repeated or not plain decimal digits. */
        static long timestamp(String header) {
            long timestamp = -1;
            for (String item : header.split(",", -1)) {
                String[] pair = item.strip().split("=", 2);
                if (pair.length == 2 && pair[0].equals("t")) {
                    String value = pair[1].strip();
                    if (timestamp != -1 || value.isEmpty() || value.length() > 12
                            || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        return -1;
                    }
                    timestamp = Long.parseLong(value);
                }
            }
            return timestamp;
        }

        static boolean hasV1Signature(String header) {
            for (String item : header.split(",", -1)) {
                String[] pair = item.strip().split("=", 2);
                if (pair.length == 2 && pair[0].equals(Webhook.Signature.EXPECTED_SCHEME) && !pair[1].isBlank()) {
                    return true;
                }
            }
            return false;
        }
    }
}
