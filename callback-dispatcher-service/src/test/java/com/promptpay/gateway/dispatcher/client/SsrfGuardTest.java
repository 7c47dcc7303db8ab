package com.promptpay.gateway.dispatcher.client;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/**
 * The guard alone, with an injected resolver: no DNS, and no connection of any kind is ever opened here (the
 * guard only decides; {@code WebhookHttpClient} would connect).
 */
class SsrfGuardTest {

    private final List<String> lookups = new ArrayList<>();
    private final Map<String, List<String>> names = Map.of(
            "metadata.example.com", List.of("169.254.169.254"),
            "private.example.com", List.of("10.1.2.3"),
            "cgnat.example.com", List.of("100.64.0.1"),
            "mixed.example.com", List.of("93.184.216.34", "192.168.1.10"),
            "ula.example.com", List.of("fd12:3456::1"),
            "public.example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "loopback.example.com", List.of("127.0.0.1"));

    private final AddressResolver resolver = host -> {
        lookups.add(host);
        List<String> answer = names.get(host);
        if (answer == null) {
            return Uni.createFrom().failure(new UnknownHostException(host));
        }
        return Uni.createFrom().item(answer.stream().map(SsrfGuardTest::literal).toList());
    };

    private SsrfGuard.Verdict check(String url, boolean allowLoopback) {
        return new SsrfGuard(resolver, allowLoopback).check(url).await().atMost(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/hook", "http://localhost:8080/", "http://[::1]/", "http://loopback.example.com/",
            "http://10.0.0.1/", "http://172.16.5.4/", "http://172.31.255.255/", "http://192.168.0.1/",
            "http://169.254.169.254/latest/meta-data/", "http://100.64.1.1/", "http://100.127.255.255/", "http://0.0.0.0/",
            "http://224.0.0.1/", "http://239.255.255.250/", "http://255.255.255.255/", "http://240.0.0.1/",
            "http://192.0.2.1/", "http://198.18.0.1/",
            "http://[fc00::1]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[ff02::1]/", "http://[::]/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/",
            "http://[::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/", "http://[2001::1]/",
            "http://[fec0::1]/",
            "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://127.1/",
            "http://127.0.1/", "http://017700000001/", "http://10.1/",
            "http://metadata.example.com/", "http://private.example.com/", "http://cgnat.example.com/",
            "http://mixed.example.com/", "http://ula.example.com/",
            "http://intranet/", "ftp://public.example.com/", "file:///etc/passwd", "http://user:pw@public.example.com/",
            "http://[fe80::1%25eth0]/", "not a url", "" })
    void refusesEverythingThatIsNotAPublicAddress(String url) {
        assertThat(url, check(url, false), instanceOf(SsrfGuard.Refused.class));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f.0.0.1/", "http://127.1/",
            "http://10.0.0.1/", "http://169.254.169.254/", "http://[fe80::1]/" })
    void allowingLoopbackAllowsOnlyPlainLoopback(String url) {
        assertThat(url, check(url, true), instanceOf(SsrfGuard.Refused.class));
    }

    @Test
    void loopbackIsAllowedOnlyWhenTheConfigurationSaysSo() {
        assertThat(check("http://127.0.0.1:9/hook", true), instanceOf(SsrfGuard.Allowed.class));
        assertThat(check("http://[::1]:9/hook", true), instanceOf(SsrfGuard.Allowed.class));
        assertThat(check("http://localhost:9/hook", true), instanceOf(SsrfGuard.Allowed.class));
        assertThat(check("http://loopback.example.com:9/hook", true), instanceOf(SsrfGuard.Allowed.class));
        assertThat(check("http://127.0.0.1:9/hook", false), instanceOf(SsrfGuard.Refused.class));
    }

    @Test
    void aPublicNameIsResolvedOnceAndTheCheckedAddressIsTheOneToConnectTo() {
        SsrfGuard.Verdict verdict = check("https://public.example.com/hooks/pay?x=1#frag", false);

        SsrfGuard.Destination destination = ((SsrfGuard.Allowed) verdict).destination();
        assertEquals("93.184.216.34", destination.address().getHostAddress());
        assertEquals("public.example.com", destination.host());
        assertEquals(443, destination.port());
        assertTrue(destination.tls());
        assertEquals("/hooks/pay?x=1", destination.requestUri());
        assertEquals(List.of("public.example.com"), lookups);
    }

    @Test
    void literalsAndRefusedEncodingsNeverReachTheResolver() {
        check("http://2130706433/", false);
        check("http://[::ffff:127.0.0.1]/", false);
        check("http://93.184.216.34/", false);
        assertEquals(List.of(), lookups);
    }

    @Test
    void refusalsSayWhy() {
        assertThat(((SsrfGuard.Refused) check("http://metadata.example.com/", false)).reason(),
                containsString("169.254.169.254 (link-local)"));
        assertThat(((SsrfGuard.Refused) check("http://mixed.example.com/", false)).reason(), containsString("private"));
        assertThat(((SsrfGuard.Refused) check("http://[::ffff:127.0.0.1]/", true)).reason(), containsString("IPv4-mapped"));
        assertThat(((SsrfGuard.Refused) check("http://[fd00::1]/", true)).reason(), containsString("unique local"));
        assertThat(check("http://nowhere.example.com/", false), instanceOf(SsrfGuard.Unresolved.class));
    }

    @Test
    void publicAddressesPass() {
        for (String address : List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1",
                "100.128.0.1", "11.0.0.1")) {
            assertTrue(SsrfGuard.refusal(literal(address), false).isEmpty(), address);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
