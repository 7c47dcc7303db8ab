package com.promptpay.gateway.stripeemulator.testpage;

/**
 * What the test page shows.
 *
 * @param awaitingShopper only then are the Authorize/Fail buttons offered
 * @param pagePath the page's own path; forms post below it and the QR images sit below it
 */
public record TestPageView(String id, String amount, String description, String status, boolean awaitingShopper,
        String pagePath, String error) {
}
