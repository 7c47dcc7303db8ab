package com.promptpay.gateway.stripeemulator.api;

import com.promptpay.gateway.stripeemulator.Baht;
import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import com.promptpay.gateway.stripeemulator.form.StripeParams;
import com.promptpay.gateway.stripeemulator.service.CreatePaymentIntent;
import com.promptpay.gateway.stripeemulator.service.PaymentMethodData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads PaymentIntent request parameters and rejects what Stripe rejects, with Stripe's codes. Only
 * PromptPay in THB is emulated; parameters Stripe knows but that change nothing here are accepted.
 */
@ApplicationScoped
public class PaymentIntentParams {

    private static final Set<String> CREATE_PARAMS = Set.of("amount", "currency", "confirm", "description",
            "metadata", "payment_method_data", "payment_method_types", "receipt_email", "expand", "return_url",
            "payment_method_options", "statement_descriptor", "statement_descriptor_suffix", "capture_method",
            "confirmation_method", "use_stripe_sdk");
    private static final Set<String> CONFIRM_PARAMS = Set.of("payment_method_data", "expand", "return_url",
            "payment_method_options", "receipt_email", "use_stripe_sdk");
    private static final Set<String> CANCEL_PARAMS = Set.of("cancellation_reason", "expand");
    private static final Set<String> RETRIEVE_PARAMS = Set.of("client_secret", "expand");
    private static final Set<String> PAYMENT_METHOD_DATA_PARAMS = Set.of("type", "billing_details", "metadata", "promptpay");
    private static final Set<String> BILLING_DETAILS_PARAMS = Set.of("email", "name", "phone", "address");
    private static final List<String> CANCELLATION_REASONS =
            List.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");
    private static final String PROMPTPAY = "promptpay";
    private static final String THB = "thb";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_METADATA_KEYS = 50;
    private static final int MAX_METADATA_KEY_LENGTH = 40;
    private static final int MAX_METADATA_VALUE_LENGTH = 500;

    private final long minAmount;
    private final long maxAmount;

    public PaymentIntentParams(EmulatorConfig config) {
        this.minAmount = config.minAmount();
        this.maxAmount = config.maxAmount();
    }

    public CreatePaymentIntent create(StripeParams params, String publicBaseUrl) {
        params.rejectUnknown(CREATE_PARAMS);
        long amount = amount(params);
        String currency = params.requiredString("currency").toLowerCase(Locale.ROOT);
        paymentMethodTypes(params);
        if (!THB.equals(currency)) {
            throw StripeApiException.invalidRequest("payment_intent_invalid_parameter", "The currency provided ("
                    + currency + ") is invalid. Payments with promptpay support the following currencies: thb.",
                    "currency");
        }
        amountWithinBounds(amount);
        Optional<PaymentMethodData> paymentMethod = paymentMethodData(params);
        boolean confirm = params.bool("confirm").orElse(false);
        return new CreatePaymentIntent(amount, currency, params.string("description").orElse(null),
                metadata(params), receiptEmail(params), paymentMethod, confirm, publicBaseUrl);
    }

    public Optional<PaymentMethodData> confirm(StripeParams params) {
        params.rejectUnknown(CONFIRM_PARAMS);
        return paymentMethodData(params);
    }

    public String cancellationReason(StripeParams params) {
        params.rejectUnknown(CANCEL_PARAMS);
        Optional<String> reason = params.string("cancellation_reason").filter(r -> !r.isEmpty());
        if (reason.isPresent() && !CANCELLATION_REASONS.contains(reason.get())) {
            throw StripeApiException.invalidRequest(null, "Invalid cancellation_reason: must be one of "
                    + String.join(", ", CANCELLATION_REASONS), "cancellation_reason");
        }
        return reason.orElse(null);
    }

    public void retrieve(StripeParams params) {
        params.rejectUnknown(RETRIEVE_PARAMS);
    }

    /** {@code expand[]=payment_method} is the one expansion the emulator can do. */
    public boolean expandsPaymentMethod(StripeParams params) {
        List<String> expand = params.stringList("expand").orElse(List.of());
        expand.stream().filter(field -> !"payment_method".equals(field)).findFirst().ifPresent(field -> {
            throw StripeApiException.invalidRequest(null, "This property cannot be expanded (" + field + ").",
                    "expand");
        });
        return !expand.isEmpty();
    }

    private static long amount(StripeParams params) {
        long amount = params.requiredLong("amount");
        if (amount < 1) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer",
                    "This value must be greater than or equal to 1.", "amount");
        }
        return amount;
    }

    /** The bound is configuration shared with the gateway; the message names it in satang and baht. */
    private void amountWithinBounds(long amount) {
        if (amount < minAmount) {
            throw StripeApiException.invalidRequest("amount_too_small", "Amount must be at least "
                    + Baht.format(minAmount) + " thb (" + minAmount + " satang).", "amount");
        }
        if (amount > maxAmount) {
            throw StripeApiException.invalidRequest("amount_too_large", "Amount must be no more than "
                    + Baht.format(maxAmount) + " thb (" + maxAmount + " satang).", "amount");
        }
    }

    private static void paymentMethodTypes(StripeParams params) {
        List<String> types = params.stringList("payment_method_types").orElse(List.of(PROMPTPAY));
        types.stream().filter(type -> !PROMPTPAY.equals(type)).findFirst().ifPresent(type -> {
            throw StripeApiException.invalidRequest("payment_intent_invalid_parameter", "The payment method type \""
                    + type + "\" is not supported by this Stripe emulator, which emulates promptpay only.",
                    "payment_method_types");
        });
    }

    private static Optional<PaymentMethodData> paymentMethodData(StripeParams params) {
        Optional<StripeParams> data = params.hash("payment_method_data");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        StripeParams method = data.get().rejectUnknown(PAYMENT_METHOD_DATA_PARAMS);
        String type = method.requiredString("type");
        if (!PROMPTPAY.equals(type)) {
            throw StripeApiException.invalidRequest("payment_intent_invalid_parameter", "The PaymentMethod type \""
                    + type + "\" is not in this PaymentIntent's payment_method_types (promptpay).",
                    method.nameOf("type"));
        }
        StripeParams billing = method.hash("billing_details")
                .orElseThrow(() -> StripeApiException.parameterMissing(method.nameOf("billing_details") + "[email]"))
                .rejectUnknown(BILLING_DETAILS_PARAMS);
        String email = billing.requiredString("email");
        requireEmail(email, billing.nameOf("email"));
        return Optional.of(new PaymentMethodData(email, billing.string("name").orElse(null),
                billing.string("phone").orElse(null)));
    }

    private static String receiptEmail(StripeParams params) {
        Optional<String> email = params.string("receipt_email").filter(e -> !e.isEmpty());
        email.ifPresent(e -> requireEmail(e, "receipt_email"));
        return email.orElse(null);
    }

    private static void requireEmail(String email, String param) {
        if (!EMAIL.matcher(email).matches()) {
            throw StripeApiException.invalidRequest("email_invalid", "Invalid email address: " + email, param);
        }
    }

    /** Stripe drops keys set to an empty string, and bounds the number and size of entries. */
    private static Map<String, String> metadata(StripeParams params) {
        Map<String, String> metadata = params.stringMap("metadata");
        metadata.values().removeIf(String::isEmpty);
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid metadata: metadata can have up to " + MAX_METADATA_KEYS + " keys.", "metadata");
        }
        metadata.forEach((key, value) -> {
            if (key.length() > MAX_METADATA_KEY_LENGTH) {
                throw StripeApiException.invalidRequest("parameter_invalid_string", "Invalid metadata: keys can be "
                        + "up to " + MAX_METADATA_KEY_LENGTH + " characters long.", "metadata[" + key + "]");
            }
            if (value.length() > MAX_METADATA_VALUE_LENGTH) {
                throw StripeApiException.invalidRequest("parameter_invalid_string", "Invalid metadata: values can "
                        + "be up to " + MAX_METADATA_VALUE_LENGTH + " characters long.", "metadata[" + key + "]");
            }
        });
        return metadata;
    }
}
