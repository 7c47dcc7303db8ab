package com.promptpay.gateway.ingest;

/** Why a delivery is refused with 400: nothing of it is stored or published. Also the metric tag. */
public enum RejectionReason {

    MISSING_SIGNATURE("missing_signature"),
    MALFORMED_SIGNATURE("malformed_signature"),
    BAD_SIGNATURE("bad_signature"),
    STALE_TIMESTAMP("stale_timestamp"),
    FUTURE_TIMESTAMP("future_timestamp"),
    BODY_NOT_UTF8("body_not_utf8"),
    MALFORMED_EVENT("malformed_event");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
