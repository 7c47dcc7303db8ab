package com.promptpay.gateway.checkout.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The page templates, under {@code templates/checkout/}; all include {@code checkout/layout.html}. */
@CheckedTemplate(basePath = "checkout")
public class Pages {

    private Pages() {
    }

    public static native TemplateInstance page(Chrome chrome, PageView view);

    public static native TemplateInstance notFound(Chrome chrome);

    public static native TemplateInstance unavailable(Chrome chrome, String retryUrl);

    public static native TemplateInstance formRefused(Chrome chrome, String pageUrl);
}
