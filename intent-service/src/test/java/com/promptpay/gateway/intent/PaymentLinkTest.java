package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Payment links a merchant signs by hand, exactly as the README tells it to. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PaymentLinkTest {

    /** The documented algorithm, written here from the README, not by calling the service's signer. */
    private static String sign(Map<String, String> parameters, String secret) throws Exception {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> entry : new TreeMap<>(parameters).entrySet()) {
            if (canonical.length() > 0) {
                canonical.append('\n');
            }
            canonical.append(entry.getKey()).append('=').append(entry.getValue());
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> link(String uid) {
        Map<String, String> link = new TreeMap<>();
        link.put("uid", uid);
        link.put("text", "Заказ " + uid + " & ชุดที่ 2");
        link.put("sum", "10000");
        link.put("callbackUrl", "https://your-site.com/payment/success");
        link.put("cancelUrl", "https://your-site.com/payment/cancel");
        return link;
    }

    private static Response open(String merchantId, Map<String, String> parameters) {
        var request = given().redirects().follow(false);
        parameters.forEach(request::queryParam);
        return request.get("/pay/" + merchantId);
    }

    private static Response openSigned(JsonPath merchant, Map<String, String> parameters) throws Exception {
        Map<String, String> signed = new TreeMap<>(parameters);
        signed.put("sign", sign(parameters, merchant.getString("linkSecret")));
        return open(merchant.getString("id"), signed);
    }

    private static String intentIn(Response response) {
        assertEquals(303, response.statusCode(), response.asString());
        String location = response.header("Location");
        org.hamcrest.MatcherAssert.assertThat(location, startsWith("http://localhost:3000/payment/pi_"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void aHandBuiltLinkOpensCheckoutAndReopeningFindsTheSameIntent() throws Exception {
        JsonPath merchant = IntentTesting.newMerchant("Link Shop");
        String uid = "88273-D-" + UUID.randomUUID().toString().substring(0, 8);

        String intent = intentIn(openSigned(merchant, link(uid)));
        assertEquals(intent, intentIn(openSigned(merchant, link(uid))));

        var row = IntentTesting.query("SELECT amount, description, metadata ->> 'uid' AS uid FROM payment_intent WHERE id = '"
                + intent + "'").get(0);
        assertEquals(10000L, row.get("amount"));
        assertEquals("Заказ " + uid + " & ชุดที่ 2", row.get("description"));
        assertEquals(uid, row.get("uid"));
    }

    @Test
    void aPaidLinkLeadsToThePaidIntentNeverASecondCharge() throws Exception {
        JsonPath merchant = IntentTesting.newMerchant("Paid Link Shop");
        String uid = "paid-" + UUID.randomUUID();
        String intent = intentIn(openSigned(merchant, link(uid)));
        StripeEmulatorResource.emulator().authorize(IntentTesting.stripeIdOf(intent));
        given().header("Authorization", "Bearer " + merchant.getString("apiKey")).post("/payments/" + intent + "/cancel")
                .then().statusCode(409); // the cancel discovers the payment at Stripe and applies it

        assertEquals(intent, intentIn(openSigned(merchant, link(uid))));
        assertEquals(1, countFor(uid));
    }

    @Test
    void aLinkWhoseIntentExpiredMakesAFreshOne() throws Exception {
        JsonPath merchant = IntentTesting.newMerchant("Expiring Link Shop");
        String uid = "again-" + UUID.randomUUID();
        String first = intentIn(openSigned(merchant, link(uid)));
        given().header("Authorization", "Bearer " + merchant.getString("apiKey")).post("/payments/" + first + "/cancel")
                .then().statusCode(200);

        String second = intentIn(openSigned(merchant, link(uid)));
        assertNotEquals(first, second);
        assertEquals(second, intentIn(openSigned(merchant, link(uid))));
    }

    @Test
    void tamperedLinksAreRefusedAndCreateNothing() throws Exception {
        JsonPath merchant = IntentTesting.newMerchant("Tamper Shop");
        String uid = "tamper-" + UUID.randomUUID();
        Map<String, String> signed = new TreeMap<>(link(uid));
        signed.put("sign", sign(link(uid), merchant.getString("linkSecret")));

        for (Map.Entry<String, String> change : List.of(Map.entry("sum", "100"), Map.entry("text", "Free stuff"),
                Map.entry("sign", "0".repeat(64)))) {
            Map<String, String> tampered = new TreeMap<>(signed);
            tampered.put(change.getKey(), change.getValue());
            open(merchant.getString("id"), tampered).then().statusCode(403).contentType(containsString("text/html"))
                    .body(containsString("ลิงก์ชำระเงินไม่ถูกต้อง")).body(containsString("not valid or was changed"));
        }
        Map<String, String> unsigned = new TreeMap<>(link(uid));
        open(merchant.getString("id"), unsigned).then().statusCode(400).body(containsString("sign"));
        // Signed with another merchant's secret:
        JsonPath other = IntentTesting.newMerchant("Other Shop");
        Map<String, String> foreign = new TreeMap<>(link(uid));
        foreign.put("sign", sign(link(uid), other.getString("linkSecret")));
        open(merchant.getString("id"), foreign).then().statusCode(403);
        assertEquals(0, countFor(uid));
    }

    @Test
    void expiredUnknownAndOffListLinksSaySoInBothLanguages() throws Exception {
        JsonPath merchant = IntentTesting.newMerchant("Rules Shop");
        String uid = "rules-" + UUID.randomUUID();

        Map<String, String> expired = link(uid);
        expired.put("expires", Long.toString(Instant.now().minusSeconds(60).getEpochSecond()));
        openSigned(merchant, expired).then().statusCode(410).body(containsString("หมดอายุ")).body(containsString("expired"));

        Map<String, String> offList = link(uid);
        offList.put("callbackUrl", "https://evil.example/steal");
        openSigned(merchant, offList).then().statusCode(400).body(containsString("callbackUrl"));

        Map<String, String> tooSmall = link(uid);
        tooSmall.put("sum", "999");
        openSigned(merchant, tooSmall).then().statusCode(400).body(containsString("at least 1000 satang"));

        open("mch_000000000000000000000000", link(uid)).then().statusCode(404).body(containsString("ไม่พบร้านค้า"));
        open("not-a-merchant", link(uid)).then().statusCode(404);
        assertEquals(0, countFor(uid));
    }

    @Test
    void theMerchantApiBuildsALinkThatOpens() {
        JsonPath merchant = IntentTesting.newMerchant("Builder Shop");
        String uid = "built-" + UUID.randomUUID();
        String url = given().header("Authorization", "Bearer " + merchant.getString("apiKey")).contentType("application/json")
                .body(Map.of("uid", uid, "text", "Invoice " + uid, "sum", 25000,
                        "callbackUrl", "https://your-site.com/done", "cancelUrl", "https://your-site.com/back"))
                .post("/payment-links").then().statusCode(201).extract().path("url");
        org.hamcrest.MatcherAssert.assertThat(url, startsWith("http://localhost:3000/pay/" + merchant.getString("id") + "?"));

        Response opened = given().redirects().follow(false).urlEncodingEnabled(false).get(url.replace("http://localhost:3000", ""));
        String intent = intentIn(opened);
        assertEquals(25000L, IntentTesting.query("SELECT amount FROM payment_intent WHERE id = '" + intent + "'").get(0).get("amount"));

        given().header("Authorization", "Bearer " + merchant.getString("apiKey")).contentType("application/json")
                .body(Map.of("uid", uid, "text", "x", "sum", "ten")).post("/payment-links")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.is("sum"));
        // Found by the e2e FuzzIT: an error must name a field, and a nameless one is the body's.
        given().header("Authorization", "Bearer " + merchant.getString("apiKey")).contentType("application/json")
                .body(Map.of("uid", uid, "text", "x", "sum", 25000, "", "1")).post("/payment-links")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.is("body"));
    }

    private static int countFor(String uid) {
        return ((Number) IntentTesting.query("SELECT count(*) AS n FROM payment_intent WHERE metadata ->> 'uid' = '"
                + uid + "'").get(0).get("n")).intValue();
    }
}
