package com.promptpay.gateway.dispatcher.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** The merchant API as a merchant would call it. */
public final class Api {

    private Api() {
    }

    /** The merchant's deliveries of one intent, newest first. */
    public static List<Map<String, Object>> deliveriesOfIntent(TestMerchant merchant, String intentId) {
        return given().header("Authorization", merchant.authorization()).queryParam("paymentIntentId", intentId)
                .get("/webhook-deliveries").then().statusCode(200).extract().jsonPath().getList("data");
    }

    /** The delivery of {@code eventId}, or null when there is none (yet). */
    public static Map<String, Object> deliveryOfEvent(TestMerchant merchant, String intentId, String eventId) {
        return deliveriesOfIntent(merchant, intentId).stream().filter(d -> eventId.equals(d.get("eventId"))).findFirst()
                .orElse(null);
    }

    /** Waits until the delivery of {@code eventId} has {@code status}; returns it with its attempts. */
    public static JsonPath awaitDelivery(TestMerchant merchant, String intentId, String eventId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, Object> delivery = deliveryOfEvent(merchant, intentId, eventId);
            return delivery != null && status.equals(delivery.get("status"));
        });
        return delivery(merchant, (String) deliveryOfEvent(merchant, intentId, eventId).get("id"));
    }

    public static JsonPath delivery(TestMerchant merchant, String deliveryId) {
        return given().header("Authorization", merchant.authorization()).get("/webhook-deliveries/" + deliveryId)
                .then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath endpoint(TestMerchant merchant) {
        return given().header("Authorization", merchant.authorization()).get("/webhook-endpoints")
                .then().statusCode(200).extract().jsonPath();
    }
}
