package com.promptpay.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * What a scenario did at one shop: the intents paid at Stripe, and those left open. Safe to share with a load thread.
 * Closing it cancels the open ones: the emulator forgets every payment at the next {@code up} while the database
 * keeps them, and the gateway's sweepers would ask Stripe about them forever.
 */
final class Ledger implements AutoCloseable {

    /** Distinct amounts across the run: a webhook naming the wrong intent would carry the wrong amount too. */
    private static final AtomicLong NEXT_AMOUNT = new AtomicLong(10_000);

    final Shop shop;
    private final List<Shop.Intent> paid = new CopyOnWriteArrayList<>();
    private final List<Shop.Intent> unpaid = new CopyOnWriteArrayList<>();

    Ledger(Shop shop) {
        this.shop = shop;
    }

    /** A new intent, neither paid nor recorded as unpaid yet. */
    Shop.Intent create() {
        return shop.createIntent(NEXT_AMOUNT.getAndIncrement());
    }

    List<Shop.Intent> create(int count) {
        return IntStream.range(0, count).mapToObj(shopper -> create()).toList();
    }

    /** Pays the intents in a quick burst, all but every {@code unpaidEvery}-th, which is left open. */
    void payAllButEvery(int unpaidEvery, List<Shop.Intent> intents) {
        for (int shopper = 1; shopper <= intents.size(); shopper++) {
            if (shopper % unpaidEvery == 0) {
                leaveUnpaid(intents.get(shopper - 1));
            } else {
                pay(intents.get(shopper - 1));
            }
        }
    }

    Shop.Intent createPaid() {
        Shop.Intent intent = create();
        pay(intent);
        return intent;
    }

    Shop.Intent createUnpaid() {
        Shop.Intent intent = create();
        leaveUnpaid(intent);
        return intent;
    }

    void pay(Shop.Intent intent) {
        StripeEmulator.authorize(intent);
        paid.add(intent);
    }

    /** For an intent paid at Stripe some other way than {@link #pay}, e.g. after a declined attempt. */
    void recordPaid(Shop.Intent intent) {
        paid.add(intent);
    }

    void leaveUnpaid(Shop.Intent intent) {
        unpaid.add(intent);
    }

    List<Shop.Intent> paid() {
        return List.copyOf(paid);
    }

    List<Shop.Intent> unpaid() {
        return List.copyOf(unpaid);
    }

    int size() {
        return paid.size() + unpaid.size();
    }

    /** Their {@code payment_intent.canceled} webhooks are delivered before the endpoint goes, so no retries outlive the scenario. */
    @Override
    public void close() {
        try (shop) {
            shop.endpoint.answer(200);
            shop.endpoint.delay(Duration.ZERO);
            unpaid.forEach(shop::cancel);
            Await.until("the cancellations of " + shop.name + " delivered", Duration.ofSeconds(30),
                    () -> shop.deliveries("pending").isEmpty());
        }
    }
}
