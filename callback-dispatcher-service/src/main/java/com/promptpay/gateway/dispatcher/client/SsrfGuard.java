package com.promptpay.gateway.dispatcher.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.promptpay.gateway.dispatcher.config.DispatcherConfig;

import io.smallrye.mutiny.Uni;

/**
 * Decides, at send time, whether a webhook URL may be called and which address to connect to. The host
 * is resolved once; if any of its addresses is loopback, private, link-local (169.254.169.254 included),
 * CGNAT, multicast, reserved, an IPv6 ULA/link-local/site-local, IPv4-mapped or -embedding IPv6, the URL
 * is refused. IPv4 written in any form but the canonical dotted quad (2130706433, 0x7f.1, 0177.0.0.1,
 * 127.1) is refused outright. Loopback is allowed only when the configuration says so (local stack, tests).
 */
@ApplicationScoped
public class SsrfGuard {

    /** Where to send: the original host (for Host and SNI) and the address that passed the check. */
    public record Destination(boolean tls, String host, int port, String requestUri, InetAddress address) {
    }

    public sealed interface Verdict {
    }

    public record Allowed(Destination destination) implements Verdict {
    }

    /** The URL or one of its addresses is not allowed: nothing is sent. */
    public record Refused(String reason) implements Verdict {
    }

    /** The name did not resolve: a network failure, retried later. */
    public record Unresolved(String reason) implements Verdict {
    }

    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final AddressResolver resolver;
    private final boolean allowLoopback;

    @Inject
    public SsrfGuard(AddressResolver resolver, DispatcherConfig config) {
        this(resolver, config.delivery().allowLoopback());
    }

    public SsrfGuard(AddressResolver resolver, boolean allowLoopback) {
        this.resolver = resolver;
        this.allowLoopback = allowLoopback;
    }

    public Uni<Verdict> check(String url) {
        Parsed parsed;
        try {
            parsed = parse(url);
        } catch (RefusedException e) {
            return Uni.createFrom().item(new Refused(e.getMessage()));
        }
        if (parsed.literal() != null) {
            return Uni.createFrom().item(verdict(parsed, List.of(parsed.literal())));
        }
        return resolver.resolve(parsed.host())
                .map(addresses -> addresses == null || addresses.isEmpty()
                        ? (Verdict) new Unresolved(parsed.host() + " has no address")
                        : verdict(parsed, addresses))
                .onFailure().recoverWithItem(e -> new Unresolved("could not resolve " + parsed.host() + ": " + e.getMessage()));
    }

    private Verdict verdict(Parsed parsed, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address, allowLoopback);
            if (refusal.isPresent()) {
                return new Refused(parsed.host() + " resolves to " + address.getHostAddress() + " (" + refusal.get() + ")");
            }
        }
        return new Allowed(new Destination(parsed.tls(), parsed.host(), parsed.port(), parsed.requestUri(), addresses.get(0)));
    }

    record Parsed(boolean tls, String host, int port, String requestUri, InetAddress literal) {
    }

    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    static Parsed parse(String url) throws RefusedException {
        if (url == null || url.isBlank()) {
            throw new RefusedException("no webhook URL");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("only http and https URLs are called");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("credentials in the URL are not allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedException("the URL has no usable host");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new RefusedException("port out of range");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();

        if (host.startsWith("[")) {
            return new Parsed(tls, host, port, requestUri, ipv6Literal(host));
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!HOST_NAME.matcher(name).matches()) {
            throw new RefusedException("unusual host name " + host);
        }
        String lastLabel = name.substring(name.lastIndexOf('.') + 1);
        boolean numeric = lastLabel.chars().allMatch(Character::isDigit) || name.startsWith("0x") || name.contains(".0x");
        if (numeric) {
            if (!CANONICAL_IPV4.matcher(name).matches()) {
                throw new RefusedException("unusual IPv4 encoding " + host + " (write it as a dotted quad)");
            }
            return new Parsed(tls, name, port, requestUri, ipv4(name));
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return new Parsed(tls, name, port, requestUri, InetAddress.getLoopbackAddress());
        }
        if (!name.contains(".")) {
            throw new RefusedException("single-label host " + host + " is an internal name");
        }
        return new Parsed(tls, name, port, requestUri, null);
    }

    private static InetAddress ipv6Literal(String bracketed) throws RefusedException {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        if (inner.contains("%")) {
            throw new RefusedException("IPv6 zone ids are not allowed");
        }
        if (!inner.matches("[0-9a-fA-F:.]+")) {
            throw new RefusedException("unusual IPv6 literal " + bracketed);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(inner); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new RefusedException("unusual IPv6 literal " + bracketed);
        }
        if (address instanceof Inet4Address) {
            // Java turns ::ffff:a.b.c.d into the IPv4 address: the URL used the IPv4-mapped form.
            throw new RefusedException("IPv4-mapped IPv6 address " + bracketed);
        }
        return address;
    }

    private static InetAddress ipv4(String dottedQuad) throws RefusedException {
        String[] parts = dottedQuad.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return InetAddress.getByAddress(dottedQuad, bytes);
        } catch (UnknownHostException e) {
            throw new RefusedException("unusual IPv4 literal " + dottedQuad);
        }
    }

    /** Why this address may not be called, or empty when it is a public unicast address. */
    public static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Refusal(b, allowLoopback);
        }
        if (address instanceof Inet6Address) {
            return ipv6Refusal(b, allowLoopback);
        }
        return Optional.of("unknown address family");
    }

    private static Optional<String> ipv4Refusal(byte[] b, boolean allowLoopback) {
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        int b2 = b[2] & 0xFF;
        if (b0 == 127) {
            return allowLoopback ? Optional.empty() : Optional.of("loopback");
        }
        if (b0 == 0) {
            return Optional.of("\"this network\"");
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xF0) == 16 || b0 == 192 && b1 == 168) {
            return Optional.of("private");
        }
        if (b0 == 100 && (b1 & 0xC0) == 64) {
            return Optional.of("carrier-grade NAT");
        }
        if (b0 == 169 && b1 == 254) {
            return Optional.of("link-local");
        }
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2) || b0 == 198 && b1 == 51 && b2 == 100
                || b0 == 203 && b1 == 0 && b2 == 113 || b0 == 192 && b1 == 88 && b2 == 99) {
            return Optional.of("reserved");
        }
        if (b0 == 198 && (b1 & 0xFE) == 18) {
            return Optional.of("benchmarking");
        }
        if ((b0 & 0xF0) == 224) {
            return Optional.of("multicast");
        }
        if (b0 >= 240) {
            return Optional.of("reserved");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6Refusal(byte[] b, boolean allowLoopback) {
        boolean firstTwelveZero = true;
        for (int i = 0; i < 12; i++) {
            firstTwelveZero &= b[i] == 0;
        }
        if (firstTwelveZero && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 1 || b[15] == 0)) {
            return b[15] == 1 && allowLoopback ? Optional.empty() : Optional.of(b[15] == 1 ? "loopback" : "unspecified");
        }
        if (firstTwelveZero) {
            return Optional.of("IPv4-compatible IPv6");
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            return Optional.of("IPv4-mapped IPv6");
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 0xFF) {
            return Optional.of("multicast");
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return Optional.of("link-local");
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
            return Optional.of("site-local");
        }
        if ((b0 & 0xFE) == 0xFC) {
            return Optional.of("unique local");
        }
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
            return Optional.of("NAT64 (embeds IPv4)");
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return Optional.of("6to4 (embeds IPv4)");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xFE) == 0) {
            return Optional.of("IETF special-purpose (Teredo, benchmarking…)");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8) {
            return Optional.of("documentation");
        }
        if ((b0 & 0xE0) != 0x20) {
            return Optional.of("not global unicast");
        }
        return Optional.empty();
    }
}
