package com.promptpay.gateway.stripeemulator.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeFormParserTest {

    @Test
    void parsesTheBodyStripeJavaSendsForAPromptPayIntent() {
        Map<String, Object> form = StripeFormParser.parse("confirm=true&amount=50000&payment_method_types[0]=promptpay"
                + "&payment_method_data[type]=promptpay&payment_method_data[billing_details][email]=a%40b.c"
                + "&currency=thb&metadata[gateway_intent_id]=pi_x");

        assertEquals(Map.of(
                "confirm", "true",
                "amount", "50000",
                "payment_method_types", List.of("promptpay"),
                "payment_method_data", Map.of("type", "promptpay", "billing_details", Map.of("email", "a@b.c")),
                "currency", "thb",
                "metadata", Map.of("gateway_intent_id", "pi_x")), form);
    }

    @Test
    void percentEncodedBracketsNestLikeLiteralOnes() {
        assertEquals(Map.of("metadata", Map.of("k", "v")), StripeFormParser.parse("metadata%5Bk%5D=v"));
    }

    @Test
    void indexedArraysFollowTheirIndexesNotTheirOrder() {
        assertEquals(Map.of("a", List.of("zero", "one")), StripeFormParser.parse("a[1]=one&a[0]=zero"));
    }

    @Test
    void emptyBracketsAppend() {
        assertEquals(Map.of("expand", List.of("payment_method", "latest_charge")),
                StripeFormParser.parse("expand[]=payment_method&expand[]=latest_charge"));
    }

    @Test
    void arraysOfHashes() {
        assertEquals(Map.of("items", List.of(Map.of("price", "p1", "quantity", "2"), Map.of("price", "p2"))),
                StripeFormParser.parse("items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2"));
    }

    @Test
    void decodesUtf8AndPlusAsSpace() {
        assertEquals(Map.of("description", "ชำระเงิน order 42"),
                StripeFormParser.parse("description=%E0%B8%8A%E0%B8%B3%E0%B8%A3%E0%B8%B0%E0%B9%80%E0%B8%87%E0%B8%B4"
                        + "%E0%B8%99+order+42"));
    }

    @Test
    void aRepeatedScalarKeepsTheLastValue() {
        assertEquals(Map.of("amount", "2"), StripeFormParser.parse("amount=1&amount=2"));
    }

    @Test
    void missingValueIsEmptyAndEmptyPairsAreSkipped() {
        assertEquals(Map.of("description", "", "amount", "5"), StripeFormParser.parse("description&&amount=5&"));
    }

    @Test
    void emptyOrMissingBodyIsNoParameters() {
        assertEquals(Map.of(), StripeFormParser.parse(""));
        assertEquals(Map.of(), StripeFormParser.parse(null));
    }

    @Test
    void sameParametersInAnotherOrderParseEqual() {
        assertEquals(StripeFormParser.parse("a=1&m[x]=1&m[y]=2"), StripeFormParser.parse("m[y]=2&a=1&m[x]=1"));
    }

    @Test
    void rejectsWhatIsNotAFormBody() {
        for (String body : List.of("amount=%zz", "a[b=1", "a]b=1", "a[b]c=1", "=1", "[x]=1", "a[b[c]]=1",
                "a=1&a[b]=2", "a[b]=2&a=1", "a[0]=1&a[x][y]=2", "a[x]=1&a[0]=2", "a[1234567]=1")) {
            assertThrows(MalformedFormException.class, () -> StripeFormParser.parse(body), body);
        }
    }
}
