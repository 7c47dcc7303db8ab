package com.promptpay.gateway.k8s;

/** A manifest that kustomize or the API server would refuse; the message says where and why. */
public class ManifestException extends RuntimeException {

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
