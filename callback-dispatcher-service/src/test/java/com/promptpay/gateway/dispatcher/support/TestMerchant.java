package com.promptpay.gateway.dispatcher.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.promptpay.gateway.events.MerchantUpdated;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.SecretBox;

import io.restassured.response.Response;

/** A merchant as intent-service would announce it on the merchants topic, with its plain secrets kept for checks. */
public record TestMerchant(String id, String name, String apiKey, List<String> webhookSecrets, String appSecret, String url,
        String format, Instant updatedAt) {

    /** The test profile's GATEWAY_SECRETS_KEY. */
    public static final String SECRETS_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    public static final SecretBox BOX = new SecretBox(SECRETS_KEY);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static String newWebhookSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public static TestMerchant standard(String url) {
        return standard(url, List.of(newWebhookSecret()));
    }

    public static TestMerchant standard(String url, List<String> secrets) {
        return new TestMerchant(PrefixedIds.next("mch"), "Shop", PrefixedIds.next("sk"), secrets, null, url, "standard",
                Instant.now());
    }

    public static TestMerchant dromon(String url, String appSecret) {
        return new TestMerchant(PrefixedIds.next("mch"), "Legacy shop", PrefixedIds.next("sk"), List.of(), appSecret, url,
                "dromon", Instant.now());
    }

    public String secret() {
        return webhookSecrets.get(0);
    }

    public String authorization() {
        return "Bearer " + apiKey;
    }

    public MerchantUpdated event() {
        return new MerchantUpdated(id, name, url, format, webhookSecrets.stream().map(BOX::seal).toList(),
                appSecret == null ? null : BOX.seal(appSecret), List.of(sha256Hex(apiKey)), updatedAt);
    }

    /** The same merchant, reconfigured later. */
    public TestMerchant withUrl(String newUrl) {
        return new TestMerchant(id, name, apiKey, webhookSecrets, appSecret, newUrl, format, later());
    }

    public TestMerchant withApiKey(String newKey) {
        return new TestMerchant(id, name, newKey, webhookSecrets, appSecret, url, format, later());
    }

    public TestMerchant updatedAt(Instant at) {
        return new TestMerchant(id, name, apiKey, webhookSecrets, appSecret, url, format, at);
    }

    private Instant later() {
        Instant now = Instant.now();
        return now.isAfter(updatedAt) ? now : updatedAt.plusMillis(1);
    }

    /** Publishes the configuration and waits until the dispatcher has applied it. */
    public TestMerchant publish() {
        TestKafka.merchant(event());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(this::applied);
        return this;
    }

    private boolean applied() {
        Response response = given().header("Authorization", authorization()).get("/webhook-endpoints");
        if (response.statusCode() != 200) {
            return false;
        }
        List<String> urls = response.jsonPath().getList("data.url");
        return url == null ? urls.size() <= 1 : urls.contains(url);
    }

    public String endpointId() {
        return given().header("Authorization", authorization()).get("/webhook-endpoints").then().statusCode(200)
                .extract().path("data[0].id");
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
