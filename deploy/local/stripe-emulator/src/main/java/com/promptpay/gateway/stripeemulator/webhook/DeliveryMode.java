package com.promptpay.gateway.stripeemulator.webhook;

/**
 * Fault injection for webhook receivers: send every event twice (Stripe may), and/or hold each
 * event back before its first attempt (Stripe's delivery is not immediate).
 */
public record DeliveryMode(boolean duplicate, long delayMs) {

    public static final DeliveryMode NORMAL = new DeliveryMode(false, 0);

    public DeliveryMode {
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs must not be negative");
        }
    }
}
