package com.promptpay.gateway.checkout.service;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.promptpay.gateway.checkout.IntentStatus;
import com.promptpay.gateway.checkout.client.IntentNotFound;
import com.promptpay.gateway.checkout.client.IntentServiceClient;
import com.promptpay.gateway.checkout.config.CheckoutConfig;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One browser's live view of one intent: the status as intent-service has it now, then every change
 * the broadcast consumer sees. It listens before it asks, so a change that lands between page load
 * and subscribe is never lost; the stream ends after a final status.
 */
@ApplicationScoped
public class LiveStatus {

    /** What the stream carries: a status, or nothing (a keep-alive for proxies). */
    public record Event(String status) {

        public static final Event KEEP_ALIVE = new Event(null);

        public boolean isKeepAlive() {
            return status == null;
        }
    }

    /** Sent when intent-service does not know the id: the page reloads and shows its 404. */
    public static final String NOT_FOUND = "not_found";

    private static final Logger LOG = Logger.getLogger(LiveStatus.class);

    private final StatusUpdates updates;
    private final IntentServiceClient intents;
    private final long keepAliveMillis;

    public LiveStatus(StatusUpdates updates, IntentServiceClient intents, CheckoutConfig config) {
        this.updates = updates;
        this.intents = intents;
        this.keepAliveMillis = Math.max(100, config.checkout().keepAlive().toMillis());
    }

    public Multi<Event> follow(String intentId) {
        return Multi.createFrom().emitter(emitter -> {
            Stream stream = new Stream(emitter);
            Runnable stopListening = updates.listen(intentId, stream::live);
            ScheduledExecutorService timer = Infrastructure.getDefaultWorkerPool();
            ScheduledFuture<?> keepAlive = timer.scheduleAtFixedRate(stream::keepAlive, keepAliveMillis, keepAliveMillis,
                    TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                stopListening.run();
                keepAlive.cancel(false);
            });
            intents.details(intentId).subscribe().with(details -> stream.current(details.status()), failure -> {
                if (failure instanceof IntentNotFound) {
                    stream.current(NOT_FOUND);
                } else {
                    // Stay open: changes still arrive from Kafka, and the browser polls if it hears nothing.
                    LOG.debugf("current status of %s unavailable: %s", intentId, failure.toString());
                }
            });
        });
    }

    /** Serializes the three sources (current status, live changes, keep-alives) and ends after a final status. */
    private static final class Stream {

        private final MultiEmitter<? super Event> emitter;
        private boolean liveSeen;
        private boolean finished;

        Stream(MultiEmitter<? super Event> emitter) {
            this.emitter = emitter;
        }

        synchronized void current(String status) {
            boolean known = NOT_FOUND.equals(status) || IntentStatus.fromWireName(status).isPresent();
            if (known && !liveSeen) {
                send(status);
            }
        }

        synchronized void live(String status) {
            liveSeen = true;
            send(status);
        }

        synchronized void keepAlive() {
            if (!finished && !emitter.isCancelled()) {
                emitter.emit(Event.KEEP_ALIVE);
            }
        }

        private void send(String status) {
            if (finished || emitter.isCancelled()) {
                return;
            }
            emitter.emit(new Event(status));
            boolean terminal = NOT_FOUND.equals(status)
                    || IntentStatus.fromWireName(status).map(IntentStatus::isTerminal).orElse(false);
            if (terminal) {
                finished = true;
                emitter.complete();
            }
        }
    }
}
