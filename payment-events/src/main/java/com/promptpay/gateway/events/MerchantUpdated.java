package com.promptpay.gateway.events;

import java.time.Instant;
import java.util.List;

/**
 * The {@code data} of a {@code merchant.updated} event on the compacted {@link Topics#MERCHANTS} topic,
 * keyed by merchant id: the latest webhook configuration, so the dispatcher can deliver while
 * intent-service is down. Secrets travel encrypted with {@link SecretBox} (the shared GATEWAY_SECRETS_KEY).
 *
 * @param webhookFormat            {@code standard} (Standard Webhooks) or {@code dromon} (legacy)
 * @param webhookSecretsEncrypted  {@code whsec_…} secrets, newest first; during a rotation all of them sign
 * @param appSecretEncrypted       the Dromon {@code app_secret}, for its {@code Bearer md5(app_secret)}
 * @param apiKeyHashes             hex SHA-256 of the merchant's live API keys, so other services can
 *                                 authenticate the merchant without asking intent-service
 */
public record MerchantUpdated(
        String merchantId,
        String name,
        String webhookUrl,
        String webhookFormat,
        List<String> webhookSecretsEncrypted,
        String appSecretEncrypted,
        List<String> apiKeyHashes,
        Instant updatedAt) {
}
