package com.promptpay.gateway.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.ingest.StripePaymentEvent;
import com.promptpay.gateway.ingest.WebhookOutcome;
import com.promptpay.gateway.ingest.messaging.ProviderEventPublisher;
import com.promptpay.gateway.ingest.repository.InboxRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes a Stripe event at most once per committed inbox row, and at least once per delivery that is
 * answered 2xx.
 *
 * <p>One transaction: claim the row ({@code INSERT … ON CONFLICT DO NOTHING}), publish and wait for
 * Kafka's ack, commit. The commit is what records the publish, so
 * <ul>
 * <li>a recorded (committed) event is never published again: a redelivery's insert finds the row;</li>
 * <li>concurrent duplicates publish once: their inserts wait on the uncommitted row, then find it;</li>
 * <li>a failed or timed-out publish rolls the claim back, and a crash between the ack and the commit
 * loses the uncommitted row with the connection: either way the retry publishes (again). Consumers
 * de-duplicate on {@code providerEventId}.</li>
 * <li>the commit does not wait for the WAL flush ({@code synchronous_commit=off}): a database crash can lose
 * the last rows committed, of events already in Kafka and answered 2xx; a redelivery of one publishes it
 * again, as above.</li>
 * </ul>
 * The transaction stays open for at most the publish timeout; PostgreSQL's {@code lock_timeout} and
 * {@code idle_in_transaction_session_timeout} (application.properties) bound a waiting duplicate and a
 * stuck transaction.
 */
@ApplicationScoped
public class InboxService {

    private final Pool pool;
    private final InboxRepository inbox;
    private final ProviderEventPublisher publisher;

    public InboxService(Pool pool, InboxRepository inbox, ProviderEventPublisher publisher) {
        this.pool = pool;
        this.inbox = inbox;
        this.publisher = publisher;
    }

    public Uni<WebhookOutcome> publishOnce(StripePaymentEvent event) {
        return pool.withTransaction(transaction -> inbox.claim(transaction, event.toInboxEntry())
                .chain(claimed -> claimed
                        ? publisher.publish(event.toEnvelope()).replaceWith(WebhookOutcome.PUBLISHED)
                        : Uni.createFrom().item(WebhookOutcome.DUPLICATE)));
    }
}
