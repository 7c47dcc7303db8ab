package com.promptpay.gateway.ingest.service;

import com.promptpay.gateway.ingest.RejectionReason;

/** A delivery refused with 400 before anything was stored or published. */
public class WebhookRejectedException extends RuntimeException {

    private final RejectionReason reason;

    public WebhookRejectedException(RejectionReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
