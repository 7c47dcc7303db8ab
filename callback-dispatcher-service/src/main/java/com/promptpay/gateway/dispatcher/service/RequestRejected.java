package com.promptpay.gateway.dispatcher.service;

/** A merchant request that cannot be served as asked; the REST layer turns it into problem+json. */
public class RequestRejected extends RuntimeException {

    public enum Kind {
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    public RequestRejected(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static RequestRejected notFound(String what) {
        return new RequestRejected(Kind.NOT_FOUND, what + " does not exist.");
    }

    public static RequestRejected conflict(String detail) {
        return new RequestRejected(Kind.CONFLICT, detail);
    }
}
