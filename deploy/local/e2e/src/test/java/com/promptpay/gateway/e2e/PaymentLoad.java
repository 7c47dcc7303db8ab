package com.promptpay.gateway.e2e;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Shoppers arriving one after another while a fault happens: each creates an intent, two of every three pay. */
final class PaymentLoad implements AutoCloseable {

    /** At most about six shoppers a second: what a 2-core machine running the whole stack carries beside a broker restart. */
    private static final Duration BETWEEN_SHOPPERS = Duration.ofMillis(150);

    private final Ledger ledger;
    private final Thread shoppers;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private PaymentLoad(Ledger ledger) {
        this.ledger = ledger;
        this.shoppers = new Thread(this::run, "payment-load");
    }

    static PaymentLoad start(Ledger ledger) {
        PaymentLoad load = new PaymentLoad(ledger);
        load.shoppers.start();
        return load;
    }

    private void run() {
        try {
            for (int shopper = 0; running; shopper++) {
                if (shopper % 3 == 2) {
                    ledger.createUnpaid();
                } else {
                    ledger.createPaid();
                }
                Thread.sleep(BETWEEN_SHOPPERS.toMillis());
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /** Returns once {@code count} more shoppers have come; a shopper the gateway failed fails the test. */
    void awaitMoreShoppers(int count) {
        int target = ledger.size() + count;
        Await.until(count + " more shoppers", Duration.ofSeconds(60), () -> ledger.size() >= target || failure.get() != null);
        rethrow();
    }

    private void rethrow() {
        Throwable e = failure.get();
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new IllegalStateException("a shopper failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        shoppers.join(Duration.ofSeconds(60).toMillis());
        rethrow();
    }
}
