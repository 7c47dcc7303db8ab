package com.promptpay.gateway.ingest.messaging;

/** Kafka did not acknowledge the publish in time (or refused it): the delivery is answered 503. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
