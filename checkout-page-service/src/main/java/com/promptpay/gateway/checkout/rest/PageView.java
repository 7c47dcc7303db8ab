package com.promptpay.gateway.checkout.rest;

/**
 * The checkout page of one intent in one language. Exactly one of {@link #open()}, {@link #paid()},
 * {@link #canceled()}, {@link #expired()} is true; the QR, countdown and cancel form exist only when open.
 */
public record PageView(
        String id,
        String status,
        String merchantName,
        String description,
        String amount,
        String qrSvg,
        String qrPngUrl,
        long secondsLeft,
        String countdown,
        String expiresAtClock,
        String cancelAction,
        String csrfToken,
        String returnUrl,
        String testPageUrl,
        int pollMillis) {

    public boolean open() {
        return "requires_action".equals(status);
    }

    public boolean paid() {
        return "succeeded".equals(status);
    }

    public boolean canceled() {
        return "canceled".equals(status);
    }

    public boolean expired() {
        return "expired".equals(status);
    }

    public boolean hasCountdown() {
        return countdown != null;
    }
}
