package com.promptpay.gateway.dispatcher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bodies of the wrong shape for {@code POST /webhook-endpoints/recover}, found by the e2e FuzzIT: Quarkus' own
 * mappers answered a bare 400 for a mistyped field and a bare 500 for a repeated one (Jackson cannot set a record's
 * field twice).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class RecoverBodyProblemTest {

    @Test
    void aBodyOfTheWrongShapeIsAProblemNamingTheBody() {
        TestMerchant merchant = TestMerchant.standard("https://merchant.example/hooks").publish();
        Map<String, String> fieldByBody = Map.of("{\"since\":{\"amount\":10000}}", "since", "{\"since\":[\"2025-01-31T00:00:00Z\"]}",
                "since", "[]", "body", "\"2025-01-31T00:00:00Z\"", "body",
                "{\"since\":\"yesterday\",\"since\":\"2025-01-31T00:00:00Z\"}", "body");
        fieldByBody.forEach((body, field) -> given().header("Authorization", merchant.authorization())
                .contentType("application/json").body(body).post("/webhook-endpoints/recover")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400)).body("errors[0].field", is(field)));
    }
}
