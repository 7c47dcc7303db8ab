package com.promptpay.gateway.stripeemulator.json;

/** Where the emulator serves an intent's test page and QR images; the QR encodes the page URL. */
public record TestPageLinks(String page, String qrPng, String qrSvg) {

    public static TestPageLinks of(String publicBaseUrl, String paymentIntentId) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        String page = base + "/promptpay/" + paymentIntentId;
        return new TestPageLinks(page, page + "/qr.png", page + "/qr.svg");
    }
}
