-- Reconciliation takes from two queues of open intents (PaymentIntentRepository.idsToReconcile): the newest never
-- checked, and those checked longest ago. Each is an ordered scan of its own small index, however many closed
-- intents the table holds.
CREATE INDEX payment_intent_open_unchecked ON payment_intent (created_at DESC)
    WHERE status = 'requires_action' AND reconciled_at IS NULL;
CREATE INDEX payment_intent_open_checked ON payment_intent (reconciled_at)
    WHERE status = 'requires_action' AND reconciled_at IS NOT NULL;
