package com.promptpay.gateway.intent.client;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent.NextAction;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Stripe's PromptPay PaymentIntents through stripe-java. stripe-java blocks, so every call runs on a
 * worker and its result comes back to the caller's Vert.x context. Creation is safe to retry because
 * our intent id is Stripe's Idempotency-Key.
 */
@ApplicationScoped
public class StripePayments {

    private final StripeClient stripe;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final Tracer tracer;

    public StripePayments(GatewayConfig config, io.micrometer.core.instrument.MeterRegistry metrics, Tracer tracer) {
        this.metrics = metrics;
        this.tracer = tracer;
        int timeoutMillis = (int) config.stripe().timeout().toMillis();
        this.stripe = StripeClient.builder()
                .setApiKey(config.stripe().secretKey())
                .setApiBase(config.stripe().apiBase())
                .setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis)
                .setMaxNetworkRetries(0) // retries are ours (below), with the same idempotency key
                .build();
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = ProviderFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = ProviderFailure.class)
    public Uni<ProviderIntent> createPromptPay(String intentId, String merchantId, long amount, String email,
            String description) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(amount)
                .setCurrency(PaymentIntent.CURRENCY)
                .addPaymentMethodType("promptpay")
                .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder()
                        .setType(PaymentIntentCreateParams.PaymentMethodData.Type.PROMPTPAY)
                        .setBillingDetails(PaymentIntentCreateParams.PaymentMethodData.BillingDetails.builder()
                                .setEmail(email).build())
                        .build())
                .setConfirm(true)
                .putMetadata("gateway_intent_id", intentId)
                .putMetadata("gateway_merchant_id", merchantId);
        if (description != null) {
            params.setDescription(description);
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(intentId).build();
        return blocking("create", () -> read(stripe.v1().paymentIntents().create(params.build(), options)));
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = ProviderFailure.class)
    public Uni<ProviderIntent> retrieve(String stripeId) {
        return blocking("retrieve", () -> read(stripe.v1().paymentIntents().retrieve(stripeId)));
    }

    /**
     * Cancels at Stripe. If Stripe no longer allows it (already paid or canceled), answers what Stripe
     * has, so the caller can apply a success that raced the cancel.
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = ProviderFailure.class)
    public Uni<ProviderIntent> cancel(String stripeId) {
        return blocking("cancel", () -> {
            try {
                return read(stripe.v1().paymentIntents().cancel(stripeId));
            } catch (StripeException e) {
                if ("payment_intent_unexpected_state".equals(e.getCode())) {
                    return read(stripe.v1().paymentIntents().retrieve(stripeId));
                }
                throw e;
            }
        });
    }

    private static ProviderIntent read(com.stripe.model.PaymentIntent intent) {
        NextAction next = intent.getNextAction();
        PaymentIntent.Qr qr = next != null && next.getPromptpayDisplayQrCode() != null
                ? new PaymentIntent.Qr(next.getPromptpayDisplayQrCode().getData(),
                        next.getPromptpayDisplayQrCode().getImageUrlPng(), next.getPromptpayDisplayQrCode().getImageUrlSvg())
                : new PaymentIntent.Qr(null, null, null);
        return new ProviderIntent(intent.getId(), intent.getStatus(), intent.getAmount(), intent.getAmountReceived(),
                intent.getCurrency(), qr);
    }

    private <T> Uni<T> blocking(String operation, Callable<T> call) {
        Context caller = Vertx.currentContext();
        io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
        Uni<T> onWorker = Uni.createFrom().item(() -> {
            long start = System.nanoTime();
            String outcome = "ok";
            Span span = tracer.spanBuilder("stripe " + operation).setParent(trace).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("peer.service", "stripe").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                return call.call();
            } catch (StripeException e) {
                outcome = e.getStatusCode() == null || e.getStatusCode() == 0 ? "network" : Integer.toString(e.getStatusCode());
                span.setStatus(StatusCode.ERROR, outcome);
                throw classify(e);
            } catch (RuntimeException e) {
                outcome = "error";
                span.setStatus(StatusCode.ERROR);
                throw e;
            } catch (Exception e) {
                outcome = "error";
                span.setStatus(StatusCode.ERROR);
                throw new ProviderFailure("Stripe call failed", e);
            } finally {
                span.end();
                metrics.timer("gateway.stripe.calls", "operation", operation, "outcome", outcome)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? onWorker : onWorker.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private static RuntimeException classify(StripeException e) {
        Integer status = e.getStatusCode();
        // No status (0 or null) means Stripe never answered: connection refused, reset or timed out.
        if (status == null || status == 0 || status >= 500 || status == 429 || status == 409) {
            return new ProviderFailure("Stripe unavailable: " + e.getMessage(), e);
        }
        String param = e.getStripeError() == null ? null : e.getStripeError().getParam();
        return new ProviderFailure.Rejected(e.getCode(), param, e.getStripeError() == null ? e.getMessage()
                : e.getStripeError().getMessage());
    }
}
