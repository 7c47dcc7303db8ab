package com.promptpay.gateway.intent.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.SecretBox;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.messaging.OutboxRelay;
import com.promptpay.gateway.intent.repository.MerchantRepository;
import com.promptpay.gateway.intent.rest.MerchantSettings;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Merchants, their keys and secrets. Every change is announced on the compacted merchants topic. */
@ApplicationScoped
public class MerchantService {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What creation shows once: the key and the secrets in clear. */
    public record Created(Merchant merchant, String apiKeyId, String apiKey, String webhookSecret, String appSecret,
            String redirectSecret, String linkSecret) {
    }

    public record NewKey(String id, String apiKey) {
    }

    private final Pool pool;
    private final MerchantRepository merchants;
    private final IntentEvents events;
    private final OutboxRelay relay;
    private final SecretBox secrets;

    public MerchantService(Pool pool, MerchantRepository merchants, IntentEvents events, OutboxRelay relay,
            GatewayConfig config) {
        this.pool = pool;
        this.merchants = merchants;
        this.events = events;
        this.relay = relay;
        this.secrets = new SecretBox(config.secretsKey());
    }

    public Uni<Created> create(MerchantSettings settings) {
        return create(PrefixedIds.next("mch"), settings, ApiKeys.newKey(), newWebhookSecret(), newAppSecret(),
                newRedirectSecret(), newLinkSecret());
    }

    /** With chosen id, key and secrets: the local stack's demo merchant, seeded from its settings file. */
    public Uni<Created> create(String id, MerchantSettings settings, String apiKey, String webhookSecret,
            String appSecret, String redirectSecret, String linkSecret) {
        Instant now = Now.instant();
        boolean dromon = settings.webhookFormat() == Merchant.WebhookFormat.DROMON;
        Merchant merchant = new Merchant(id, settings.name(), settings.allowedOrigins(), settings.defaultCallbackUrl(),
                settings.defaultCancelUrl(), settings.webhookUrl(), settings.webhookFormat(),
                secrets.seal(webhookSecret), secrets.seal(appSecret), secrets.seal(redirectSecret), secrets.seal(linkSecret),
                now, now);
        String keyId = PrefixedIds.next("key");
        return pool.withTransaction(transaction -> merchants.insert(transaction, merchant)
                        .call(() -> merchants.insertApiKey(transaction, keyId, id, ApiKeys.hash(apiKey), ApiKeys.prefix(apiKey), now))
                        .call(() -> announce(transaction, merchant, now)))
                .invoke(relay::wakeUp)
                .replaceWith(new Created(merchant, keyId, apiKey, dromon ? null : webhookSecret, dromon ? appSecret : null,
                        redirectSecret, linkSecret));
    }

    public Uni<Merchant> update(String merchantId, java.util.function.Function<Merchant, MerchantSettings> patch) {
        Instant now = Now.instant();
        return pool.withTransaction(transaction -> lock(transaction, merchantId).flatMap(current -> {
            MerchantSettings settings = patch.apply(current);
            Merchant updated = current.withSettings(settings.name(), settings.allowedOrigins(), settings.defaultCallbackUrl(),
                    settings.defaultCancelUrl(), settings.webhookUrl(), settings.webhookFormat(),
                    current.webhookSecretSealed(), current.appSecretSealed(), now);
            return merchants.update(transaction, updated)
                    .call(() -> announce(transaction, updated, now))
                    .replaceWith(updated);
        })).invoke(relay::wakeUp);
    }

    /** A further live key; the old ones stay valid until deleted, so keys rotate without downtime. */
    public Uni<NewKey> addApiKey(String merchantId) {
        String key = ApiKeys.newKey();
        String keyId = PrefixedIds.next("key");
        Instant now = Now.instant();
        return pool.withTransaction(transaction -> lock(transaction, merchantId)
                        .call(merchant -> merchants.insertApiKey(transaction, keyId, merchantId, ApiKeys.hash(key),
                                ApiKeys.prefix(key), now))
                        .call(merchant -> announce(transaction, merchant, now)))
                .invoke(relay::wakeUp)
                .replaceWith(new NewKey(keyId, key));
    }

    public Uni<Void> revokeApiKey(String merchantId, String keyId) {
        Instant now = Now.instant();
        return pool.withTransaction(transaction -> lock(transaction, merchantId)
                        .call(merchant -> merchants.revokeApiKey(transaction, merchantId, keyId, now).invoke(revoked -> {
                            if (!revoked) {
                                throw ProblemException.notFound("API key " + keyId + " of merchant " + merchantId);
                            }
                        }))
                        .call(merchant -> announce(transaction, merchant, now)))
                .invoke(relay::wakeUp)
                .replaceWithVoid();
    }

    private Uni<Void> announce(SqlClient transaction, Merchant merchant, Instant now) {
        return merchants.liveKeyHashes(transaction, merchant.id())
                .flatMap(hashes -> events.merchantChanged(transaction, merchant, hashes, now));
    }

    public Uni<Optional<Merchant>> authenticate(String apiKey) {
        return merchants.findByApiKeyHash(pool, ApiKeys.hash(apiKey));
    }

    public Uni<Merchant> find(String merchantId) {
        return merchants.find(pool, merchantId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Merchant " + merchantId)));
    }

    public Uni<Optional<Merchant>> findOptional(String merchantId) {
        return merchants.find(pool, merchantId);
    }

    public String redirectSecret(Merchant merchant) {
        return secrets.open(merchant.redirectSecretSealed());
    }

    /** Empty for a merchant created before payment links existed (rotate one in through the admin API). */
    public Optional<String> linkSecret(Merchant merchant) {
        return Optional.ofNullable(merchant.linkSecretSealed()).map(secrets::open);
    }

    private Uni<Merchant> lock(SqlClient transaction, String merchantId) {
        return merchants.lock(transaction, merchantId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Merchant " + merchantId)));
    }

    /** Standard Webhooks: {@code whsec_} and base64 of 24 random bytes. */
    private static String newWebhookSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(randomBytes(24));
    }

    private static String newLinkSecret() {
        return "lsec_" + HexFormat.of().formatHex(randomBytes(24));
    }

    private static String newAppSecret() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    private static String newRedirectSecret() {
        return "rsec_" + HexFormat.of().formatHex(randomBytes(24));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
