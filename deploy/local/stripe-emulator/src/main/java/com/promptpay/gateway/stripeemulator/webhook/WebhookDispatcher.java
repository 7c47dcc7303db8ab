package com.promptpay.gateway.stripeemulator.webhook;

import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Sends events the way Stripe does: a signed JSON POST per endpoint, and on anything but a 2xx (or
 * no answer) another attempt after the next wait of the retry schedule, until it runs out. All of
 * it runs off the request thread: the API answers before any webhook is sent, as Stripe's does.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookSigner signer;
    private final WebhookEndpoints endpoints;
    private final List<Duration> retrySchedule;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicReference<DeliveryMode> mode = new AtomicReference<>(DeliveryMode.NORMAL);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http;

    public WebhookDispatcher(EmulatorConfig config, WebhookSigner signer, WebhookEndpoints endpoints, Clock clock) {
        this.signer = signer;
        this.endpoints = endpoints;
        this.retrySchedule = List.copyOf(config.webhook().retrySchedule());
        this.timeout = config.webhook().timeout();
        this.clock = clock;
        // HTTP/1.1 like Stripe's sender; the default would offer an h2c upgrade some receivers choke on.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public DeliveryMode mode() {
        return mode.get();
    }

    public void setMode(DeliveryMode next) {
        mode.set(next);
    }

    /** Sends the event to every endpoint, twice each in duplicate mode. */
    public void dispatch(StripeEvent event) {
        DeliveryMode current = mode.get();
        int copies = current.duplicate() ? 2 : 1;
        for (String url : endpoints.urls()) {
            for (int copy = 0; copy < copies; copy++) {
                schedule(event, event.newDelivery(url), Duration.ofMillis(current.delayMs()));
            }
        }
    }

    private void schedule(StripeEvent event, EventDelivery delivery, Duration wait) {
        scheduler.schedule(() -> attempt(event, delivery), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(StripeEvent event, EventDelivery delivery) {
        int number = delivery.nextAttemptNumber();
        Instant started = clock.instant();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    .header("Stripe-Signature", signer.signatureHeader(event.body(), started.getEpochSecond()))
                    .POST(HttpRequest.BodyPublishers.ofString(event.body()))
                    .build();
        } catch (IllegalArgumentException e) {
            finish(event, delivery, new DeliveryAttempt(number, started, null, "invalid URL: " + e.getMessage(), 0));
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long took = Duration.between(started, clock.instant()).toMillis();
            DeliveryAttempt attempt = failure == null
                    ? new DeliveryAttempt(number, started, response.statusCode(), null, took)
                    : new DeliveryAttempt(number, started, null, describe(failure), took);
            finish(event, delivery, attempt);
        });
    }

    private void finish(StripeEvent event, EventDelivery delivery, DeliveryAttempt attempt) {
        delivery.record(attempt);
        if (attempt.succeeded()) {
            return;
        }
        int retriesUsed = attempt.number() - 1;
        if (retriesUsed < retrySchedule.size()) {
            Duration wait = retrySchedule.get(retriesUsed);
            LOG.infof("Webhook %s (%s) to %s: attempt %d got %s; retrying in %s", event.id(), event.type(),
                    delivery.url(), attempt.number(), outcome(attempt), wait);
            schedule(event, delivery, wait);
        } else {
            LOG.warnf("Webhook %s (%s) to %s: giving up after %d attempts, last %s", event.id(), event.type(),
                    delivery.url(), attempt.number(), outcome(attempt));
            delivery.giveUp();
        }
    }

    private static String outcome(DeliveryAttempt attempt) {
        return attempt.httpStatus() != null ? "HTTP " + attempt.httpStatus() : attempt.error();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    void onStop(@Observes ShutdownEvent stop) {
        scheduler.shutdownNow();
    }

    /** Redelivers an earlier event to every endpoint as it is now configured. */
    public void replay(StripeEvent event) {
        dispatch(event);
    }
}
