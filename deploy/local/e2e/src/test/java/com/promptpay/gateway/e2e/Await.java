package com.promptpay.gateway.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: a fault test waits for an outcome, never for a guessed amount of time. */
final class Await {

    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {
    }

    /** Returns as soon as the condition holds; fails with {@code what} and the last diagnosis past the deadline. */
    static void until(String what, Duration within, BooleanSupplier condition, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what + "\n" + diagnosis.get());
            }
            pause();
        }
    }

    static void until(String what, Duration within, BooleanSupplier condition) {
        until(what, within, condition, () -> "");
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
