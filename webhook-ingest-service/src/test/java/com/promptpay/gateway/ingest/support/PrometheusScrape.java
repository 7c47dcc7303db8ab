package com.promptpay.gateway.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One value from /q/metrics (an exemplar after the value is ignored), e.g. {@code value("gateway_webhooks_rejected_total", "reason=\"bad_signature\"")}. */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    public static double value(String name, String... labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)( # .*)?$",
                Pattern.MULTILINE);
        Matcher matcher = line.matcher(text);
        while (matcher.find()) {
            String labelText = matcher.group(1) == null ? "" : matcher.group(1);
            boolean matches = true;
            for (String label : labels) {
                matches &= labelText.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }
}
