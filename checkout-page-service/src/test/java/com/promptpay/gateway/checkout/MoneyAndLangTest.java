package com.promptpay.gateway.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyAndLangTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10000     | thb | ฿100.00",
            "100       | thb | ฿1.00",
            "1         | thb | ฿0.01",
            "0         | thb | ฿0.00",
            "99999999  | THB | ฿999,999.99",
            "123456789 | thb | ฿1,234,567.89",
            "1250      | usd | 12.50 USD" })
    void satangBecomeBahtOnlyAtTheEdge(long satang, String currency, String shown) {
        assertEquals(shown, Money.format(satang, currency));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "en   | th                     | EN",
            "TH   | en                     | TH",
            "null | en-GB,en;q=0.8         | EN",
            "null | th-TH,th;q=0.9,en;q=0.8 | TH",
            "null | fr,en;q=0.5            | EN",
            "null | de,fr                  | TH",
            "null | null                   | TH",
            "xx   | en                     | EN",
            "null | ;;;q=abc               | TH",
            "null | -                      | TH",
            "null | en,-                   | TH" })
    void explicitChoiceThenBrowserThenThai(String query, String acceptLanguage, Lang expected) {
        assertEquals(expected, Lang.negotiate(query, acceptLanguage));
    }

    @Test
    void everyStatusKnowsWhetherItIsFinal() {
        assertEquals(false, IntentStatus.REQUIRES_ACTION.isTerminal());
        for (IntentStatus status : new IntentStatus[] { IntentStatus.SUCCEEDED, IntentStatus.CANCELED, IntentStatus.EXPIRED }) {
            assertEquals(true, status.isTerminal());
            assertEquals(status, IntentStatus.fromWireName(status.wireName()).orElseThrow());
        }
        assertEquals(true, IntentStatus.fromWireName("paid").isEmpty());
    }
}
