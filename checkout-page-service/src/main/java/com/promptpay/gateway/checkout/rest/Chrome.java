package com.promptpay.gateway.checkout.rest;

/**
 * What every page's frame needs: language, the switch to the other language, the hashed assets, and
 * an optional meta refresh ({@code noscriptOnly}: only for browsers without JavaScript).
 */
public record Chrome(String lang, String switchUrl, String switchLang, String switchLabel, String styleUrl,
        String scriptUrl, String refresh, boolean noscriptOnly) {

    public boolean hasRefresh() {
        return refresh != null;
    }
}
