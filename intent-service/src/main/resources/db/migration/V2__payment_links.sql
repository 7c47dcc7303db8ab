-- Signed payment links (the Dromon flow): each merchant signs its links with its own secret.
ALTER TABLE merchant ADD COLUMN link_secret_encrypted text;

-- Reopening a link finds its intent by merchant, uid and amount.
CREATE INDEX payment_intent_link ON payment_intent (merchant_id, (metadata ->> 'uid'), amount, created_at DESC);
