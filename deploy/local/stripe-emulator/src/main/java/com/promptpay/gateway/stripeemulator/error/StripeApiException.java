package com.promptpay.gateway.stripeemulator.error;

/**
 * A request Stripe would reject, carrying everything needed to answer with Stripe's error shape
 * {@code {"error":{"type","code","message","param"}}}. The factories hold Stripe's wording so that
 * every caller says the same thing for the same mistake.
 */
public class StripeApiException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String IDEMPOTENCY = "idempotency_error";
    public static final String API_ERROR = "api_error";

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public StripeApiException(int status, String type, String code, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static StripeApiException invalidRequest(String code, String message, String param) {
        return new StripeApiException(400, INVALID_REQUEST, code, message, param);
    }

    public static StripeApiException parameterMissing(String param) {
        return invalidRequest("parameter_missing", "Missing required param: " + param + ".", param);
    }

    public static StripeApiException parameterUnknown(String param) {
        return invalidRequest("parameter_unknown", "Received unknown parameter: " + param, param);
    }

    public static StripeApiException invalidInteger(String param, Object value) {
        return invalidRequest("parameter_invalid_integer", "Invalid integer: " + value, param);
    }

    public static StripeApiException resourceMissing(String objectName, String id, String param) {
        return new StripeApiException(404, INVALID_REQUEST, "resource_missing",
                "No such " + objectName + ": '" + id + "'", param);
    }

    public static StripeApiException unexpectedState(String message) {
        return invalidRequest("payment_intent_unexpected_state", message, null);
    }

    public static StripeApiException authentication(String message) {
        return new StripeApiException(401, INVALID_REQUEST, null, message, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
