package com.promptpay.gateway.checkout.rest;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The page's words, English here and Thai in {@code messages/msg_th.properties}. Templates use
 * {@code {msg:key}}; the locale comes from the template instance (set per request from {@code Lang}).
 */
@MessageBundle(value = "msg", locale = "en")
public interface Messages {

    @Message("Pay {amount} to {merchant}")
    String pageTitle(String amount, String merchant);

    @Message("Pay to")
    String payTo();

    @Message("Amount")
    String amountLabel();

    @Message("PromptPay QR code for {amount}")
    String qrLabel(String amount);

    @Message("Open your banking app and scan this PromptPay QR code.")
    String scanHint();

    @Message("QR expires in")
    String expiresIn();

    @Message("at {time} Bangkok time")
    String expiresAt(String time);

    @Message("Waiting for your payment…")
    String waiting();

    @Message("The QR code has expired. Checking…")
    String expiredCountdown();

    @Message("Payment received. Taking you back…")
    String paidLive();

    @Message("Download QR code (PNG)")
    String downloadQr();

    @Message("Test mode: open the test payment page")
    String testLink();

    @Message("Cancel payment")
    String cancel();

    @Message("Payment received")
    String paidTitle();

    @Message("Thank you. Taking you back to {merchant}…")
    String paidBody(String merchant);

    @Message("Continue")
    String continueToMerchant();

    @Message("Payment cancelled")
    String canceledTitle();

    @Message("This payment was cancelled. No money was taken.")
    String canceledBody();

    @Message("This QR code has expired")
    String expiredTitle();

    @Message("The time to pay has run out and no money was taken. Go back to the merchant to try again.")
    String expiredBody();

    @Message("Back to {merchant}")
    String backTo(String merchant);

    @Message("Payment reference")
    String reference();

    @Message("We can’t find this payment")
    String notFoundTitle();

    @Message("The link may be mistyped or out of date. Go back to the shop and start the payment again.")
    String notFoundBody();

    @Message("Payments are briefly unavailable")
    String unavailableTitle();

    @Message("We couldn’t load this payment just now. Your payment is safe: this page tries again by itself every few seconds.")
    String unavailableBody();

    @Message("Try again now")
    String retryNow();

    @Message("Please try again")
    String formRefusedTitle();

    @Message("For your security this request could not be accepted. Go back to the payment page and press the button again.")
    String formRefusedBody();

    @Message("Back to the payment")
    String backToPayment();

    @Message("Secure payment by PromptPay Gateway")
    String footer();

    @Message("Skip to content")
    String skip();
}
