package com.promptpay.gateway.checkout;

import static com.promptpay.gateway.checkout.support.Text.has;
import static com.promptpay.gateway.checkout.support.Text.hasNot;
import static com.promptpay.gateway.checkout.support.Text.matches;
import static com.promptpay.gateway.checkout.support.Text.matchesNot;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.promptpay.gateway.checkout.support.FakeIntentService;
import com.promptpay.gateway.checkout.support.FakeIntentService.Intent;
import com.promptpay.gateway.checkout.support.FakeIntentServiceResource;
import com.promptpay.gateway.checkout.support.QrDecoding;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Every state of the page in both languages, read as HTML. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeIntentServiceResource.class, scope = TestResourceScope.GLOBAL)
class CheckoutPageTest {

    private static final Pattern SCRIPT = Pattern.compile("<script src=\"(/payment/assets/checkout\\.[0-9a-f]{12}\\.js)\"");
    private static final Pattern STYLE = Pattern.compile("<link rel=\"stylesheet\" href=\"(/payment/assets/checkout\\.[0-9a-f]{12}\\.css)\"");

    private final FakeIntentService fake = FakeIntentServiceResource.fake();

    @BeforeEach
    void reset() {
        fake.reset();
    }

    static Response get(String path, String acceptLanguage) {
        var request = given().redirects().follow(false);
        if (acceptLanguage != null) {
            request = request.header("Accept-Language", acceptLanguage);
        }
        return request.get(path);
    }

    @Test
    void openPageInThaiShowsAmountMerchantQrCountdownAndCancel() {
        Intent intent = fake.create();
        intent.expiresAt = Instant.now().plus(Duration.ofMinutes(14)).plusSeconds(30);

        Response response = get("/payment/" + intent.id, "th-TH,th;q=0.9,en;q=0.5");
        String html = response.asString();

        assertEquals(200, response.statusCode());
        assertEquals("text/html;charset=UTF-8", response.contentType().replace(" ", ""));
        has(html, "<html lang=\"th\">",
                "<title>ชำระ ฿100.00 ให้ Demo Shop</title>",
                "ชำระเงินให้", ">Demo Shop<",
                "<span class=\"sr\">ยอดชำระ: </span>฿100.00</h1>",
                "สั่งซื้อสินค้า Order #12345",
                "เปิดแอปธนาคารแล้วสแกน QR พร้อมเพย์นี้เพื่อชำระเงิน",
                "QR หมดอายุใน",
                "ยกเลิกการชำระเงิน",
                "aria-label=\"QR พร้อมเพย์สำหรับชำระ ฿100.00\"",
                "href=\"/payment/" + intent.id + "?lang=en\" hreflang=\"en\" lang=\"en\">English</a>",
                "<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>",
                "<form method=\"post\" action=\"/payment/" + intent.id + "/cancel\"",
                "<input type=\"hidden\" name=\"lang\" value=\"th\">");
        hasNot(html, "Scan", "Cancel payment");
        matches(html, "<time id=\"countdown\" role=\"timer\">14:(29|30)</time>");
        matches(html, "<input type=\"hidden\" name=\"csrf\" value=\"[A-Za-z0-9_-]{43}\">");
        String cookie = response.header("Set-Cookie");
        matches(cookie, "^pp_csrf=[A-Za-z0-9_-]{22}; Path=/payment; HttpOnly; SameSite=Strict$");
        assertEquals(intent.qrData, QrDecoding.fromSvg(html));
    }

    @Test
    void openPageInEnglishFollowsAcceptLanguage() {
        Intent intent = fake.create();
        String html = get("/payment/" + intent.id, "en-US,en;q=0.9").asString();

        has(html, "<html lang=\"en\">",
                "<title>Pay ฿100.00 to Demo Shop</title>",
                "Open your banking app and scan this PromptPay QR code.",
                "QR expires in", "Cancel payment", "Waiting for your payment…", "Download QR code (PNG)",
                "aria-label=\"PromptPay QR code for ฿100.00\"",
                "href=\"/payment/" + intent.id + "?lang=th\" hreflang=\"th\" lang=\"th\">ภาษาไทย</a>");
        hasNot(html, "สแกน", "ยกเลิก");
    }

    @Test
    void langParameterWinsOverAcceptLanguageAndThaiIsTheDefault() {
        Intent intent = fake.create();
        has(get("/payment/" + intent.id + "?lang=en", "th").asString(), "<html lang=\"en\">");
        has(get("/payment/" + intent.id + "?lang=th", "en").asString(), "<html lang=\"th\">");
        has(get("/payment/" + intent.id, null).asString(), "<html lang=\"th\">");
        has(get("/payment/" + intent.id, "fr-FR,de;q=0.8").asString(), "<html lang=\"th\">");
        has(get("/payment/" + intent.id, ";;garbage=").asString(), "<html lang=\"th\">");
        has(get("/payment/" + intent.id + "?lang=xx", "en").asString(), "<html lang=\"en\">");
    }

    @Test
    void amountsAreBahtWithTwoDecimalsAndGrouping() {
        Intent intent = fake.create();
        intent.amount = 123456789;
        has(get("/payment/" + intent.id, "en").asString(), "฿1,234,567.89");
        intent.amount = 100;
        has(get("/payment/" + intent.id, "en").asString(), "฿1.00");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
            "succeeded, th, ชำระเงินสำเร็จ, ดำเนินการต่อ",
            "succeeded, en, Payment received, Continue",
            "canceled, th, ยกเลิกการชำระเงินแล้ว, กลับไปยัง Demo Shop",
            "canceled, en, Payment cancelled, Back to Demo Shop",
            "expired, th, QR นี้หมดอายุแล้ว, กลับไปยัง Demo Shop",
            "expired, en, This QR code has expired, Back to Demo Shop" })
    void finishedIntentsShowTheirOwnViewInsteadOfTheQr(String status, String lang, String title, String button) {
        Intent intent = fake.create();
        intent.status = status;

        Response response = get("/payment/" + intent.id + "?lang=" + lang, null);
        String html = response.asString();

        assertEquals(200, response.statusCode());
        has(html, "<html lang=\"" + lang + "\">", title, button, "฿100.00",
                "href=\"/payment/" + intent.id + "/return?lang=" + lang + "\"",
                "data-status=\"" + status + "\"");
        hasNot(html, "<svg", "name=\"csrf\"", "id=\"countdown\"", "qr.png");
        assertNull(response.getCookie("pp_csrf"));
        if ("succeeded".equals(status)) {
            has(html, "<noscript><meta http-equiv=\"refresh\" content=\"2;url=/payment/" + intent.id
                    + "/return?lang=" + lang + "\"></noscript>");
        } else {
            hasNot(html, "http-equiv=\"refresh\"");
        }
    }

    @ParameterizedTest
    @CsvSource({ "th, ไม่พบรายการชำระเงินนี้", "en, We can’t find this payment" })
    void unknownIntentGetsAFriendly404(String lang, String title) {
        String unknown = PrefixedIds.next("pi");
        for (String path : new String[] { "/payment/" + unknown, "/payment/not-an-id", "/payment/pi_x%3Cscript%3E",
                "/payment/" + unknown + "/return", "/payment/" + unknown + "/nothing-here", "/payment/a/b/c" }) {
            Response response = get(path + "?lang=" + lang, null);
            String html = response.asString();
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.contentType().startsWith("text/html"), path + " → " + response.contentType());
            has(html, title, "<html lang=\"" + lang + "\">");
            hasNot(html, "Exception", "<script>", "at com.");
        }
    }

    @Test
    void merchantTextIsEscaped() {
        Intent intent = fake.create();
        intent.merchantName = "<script>alert(1)</script> & Co";
        intent.description = "\"><img src=x onerror=alert(2)>";

        String html = get("/payment/" + intent.id, "en").asString();

        hasNot(html, "<script>alert(1)", "<img src=x");
        has(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void securityHeadersAllowNoInlineScriptNoFramingAndNoReferrer() {
        Intent intent = fake.create();
        intent.callbackUrl = "https://shop.example/ok";
        intent.cancelUrl = "http://localhost:3001/payment/cancel";

        Response response = get("/payment/" + intent.id, "en");
        String csp = response.header("Content-Security-Policy");

        has(csp, "default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                "base-uri 'none'", "form-action 'self' http://localhost:3001 https://shop.example");
        hasNot(csp, "unsafe-inline", "unsafe-eval", "*");
        assertEquals("no-referrer", response.header("Referrer-Policy"));
        assertEquals("DENY", response.header("X-Frame-Options"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals("no-store", response.header("Cache-Control"));
        String html = response.asString();
        matchesNot(html, "<script(?![^>]*src=\"/payment/assets/)");
        matchesNot(html, "\\son[a-z]+=");
        matchesNot(html, "style=\"");
        has(get("/payment/" + PrefixedIds.next("pi"), "en").header("Content-Security-Policy"), "frame-ancestors 'none'");
    }

    @Test
    void noExternalAssetsAndTheWholePageWeighsAtMost30KB() {
        Intent intent = fake.create();
        // A long real-world PromptPay payload makes a larger QR than the emulator's URL does.
        intent.qrData = "00020101021230830016A00000067701011201150105560068178780218KB000001955286380318KPS004"
                + "KB0000019552863853037645406100.005802TH5910GBPrimePay6304B1A5";
        String html = get("/payment/" + intent.id, "th").asString();

        matchesNot(html, "(src|href)=\"(https?:)?//");
        hasNot(html, "@import", "url(");
        byte[] js = given().get(match(SCRIPT, html)).then().statusCode(200).extract().asByteArray();
        byte[] css = given().get(match(STYLE, html)).then().statusCode(200).extract().asByteArray();
        hasNot(new String(css, StandardCharsets.UTF_8), "url(", "@import", "@font-face");

        int htmlBytes = html.getBytes(StandardCharsets.UTF_8).length;
        int weight = htmlBytes + js.length + css.length;
        assertTrue(weight <= 30 * 1024, "HTML " + htmlBytes + " + JS " + js.length + " + CSS " + css.length + " = " + weight);
        assertEquals(intent.qrData, QrDecoding.fromSvg(html));
    }

    @Test
    void assetsAreHashedImmutableAndTyped() {
        String html = get("/payment/" + fake.create().id, "en").asString();
        Response js = given().get(match(SCRIPT, html));
        assertTrue(js.contentType().startsWith("text/javascript"), js.contentType());
        has(js.header("Cache-Control"), "immutable");
        Response css = given().get(match(STYLE, html));
        assertTrue(css.contentType().startsWith("text/css"), css.contentType());
        assertEquals(404, given().get("/payment/assets/checkout.000000000000.js").statusCode());
    }

    @Test
    void keyboardAndScreenReaderBasics() {
        String html = get("/payment/" + fake.create().id, "en").asString();
        has(html, "<a class=\"skip\" href=\"#main\">",
                "role=\"img\" aria-label=",
                "role=\"status\" aria-live=\"polite\"",
                "<button type=\"submit\" id=\"cancel\">",
                "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        matchesNot(html, "tabindex=\"[1-9]");
    }

    @Test
    void testPaymentLinkOnlyForHttpPayloads() {
        Intent local = fake.create();
        has(get("/payment/" + local.id, "en").asString(),
                "href=\"" + local.qrData + "\" target=\"_blank\" rel=\"noreferrer noopener\" id=\"test-page\"");
        Intent real = fake.create();
        real.qrData = "00020101021230830016A000000677010112011501055600681787802";
        hasNot(get("/payment/" + real.id, "en").asString(), "id=\"test-page\"");
    }

    @Test
    void qrPngDownloadDecodesToThePayload() {
        Intent intent = fake.create();
        Response response = given().get("/payment/" + intent.id + "/qr.png");

        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.contentType());
        assertEquals("attachment; filename=\"promptpay-" + intent.id + ".png\"", response.header("Content-Disposition"));
        assertEquals(intent.qrData, QrDecoding.fromPng(response.asByteArray(), 8));

        intent.status = "succeeded";
        Response gone = given().get("/payment/" + intent.id + "/qr.png");
        assertEquals(410, gone.statusCode());
        assertTrue(gone.contentType().startsWith("application/problem+json"), gone.contentType());
    }

    private static String match(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertTrue(matcher.find(), pattern.pattern());
        return matcher.group(1);
    }
}
