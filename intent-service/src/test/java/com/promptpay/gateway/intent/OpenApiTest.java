package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The merchant API is documented with the seed's own request and response. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class OpenApiTest {

    @Test
    void createIsDocumentedWithTheSeedsExamples() {
        String create = "paths.'/payments/intents'.post";
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(create + ".requestBody.content.'application/json'.examples.seed.value.amount", is(10000))
                .body(create + ".requestBody.content.'application/json'.examples.seed.value.callbackUrl",
                        is("https://your-site.com/payment/success"))
                .body(create + ".responses.'201'.content.'application/json'.examples.seed.value.status", is("requires_action"))
                .body(create + ".responses.'201'.content.'application/json'.schema", notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
