-- The ceiling for intent creation: the two inserts POST /payments/intents commits, in one transaction.
BEGIN;
INSERT INTO payment_intent (id, merchant_id, status, amount, currency, email, description, metadata, callback_url,
    cancel_url, stripe_payment_intent_id, qr_data, qr_image_url_png, qr_image_url_svg, late, expires_at, created_at, updated_at)
VALUES ('pi_' || md5(random()::text || clock_timestamp()::text), 'mch_benchceiling000000000000', 'requires_action', 10000,
    'thb', 'customer@example.com', 'Order #12345', '{"orderId":"12345"}', 'https://your-site.com/payment/success',
    'https://your-site.com/payment/cancel', 'pi_' || md5(random()::text || clock_timestamp()::text),
    'http://localhost:12111/promptpay/x', 'http://localhost:12111/promptpay/x/qr.png', 'http://localhost:12111/promptpay/x/qr.svg',
    false, now() + interval '15 minutes', now(), now());
INSERT INTO outbox_event (id, topic, message_key, type, payload, created_at)
VALUES ('evt_' || md5(random()::text || clock_timestamp()::text), 'payment-intents', 'pi_x', 'payment_intent.created',
    '{"id":"evt_x","type":"payment_intent.created","data":{"paymentIntentId":"pi_x","amount":10000}}', now());
END;
