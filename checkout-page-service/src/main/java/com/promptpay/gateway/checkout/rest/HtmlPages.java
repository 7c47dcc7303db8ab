package com.promptpay.gateway.checkout.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.promptpay.gateway.checkout.Lang;
import com.promptpay.gateway.checkout.Money;
import com.promptpay.gateway.checkout.client.IntentDetails;
import com.promptpay.gateway.checkout.config.CheckoutConfig;
import com.promptpay.gateway.checkout.service.CsrfTokens;
import com.promptpay.gateway.checkout.service.QrCodes;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Builds and renders the HTML pages: view models, language, CSP and the CSRF cookie. */
@ApplicationScoped
public class HtmlPages {

    public static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8.name());

    private final Assets assets;
    private final QrCodes qrCodes;
    private final CsrfTokens csrf;
    private final CheckoutConfig config;
    private final boolean secureCookies;
    private final DateTimeFormatter clock;

    public HtmlPages(Assets assets, QrCodes qrCodes, CsrfTokens csrf, CheckoutConfig config) {
        this.assets = assets;
        this.qrCodes = qrCodes;
        this.csrf = csrf;
        this.config = config;
        this.secureCookies = config.baseUrl().toLowerCase(Locale.ROOT).startsWith("https:");
        this.clock = DateTimeFormatter.ofPattern("HH:mm").withZone(config.checkout().timeZone());
    }

    /** The frame of a page at {@code path} (without query); {@code refresh} as a meta refresh's content, or null. */
    public Chrome chrome(Lang lang, String path, String refresh, boolean noscriptOnly) {
        Lang other = lang.other();
        return new Chrome(lang.code(), path + "?lang=" + other.code(), other.code(), nativeName(other),
                assets.styleUrl(), assets.scriptUrl(), refresh, noscriptOnly);
    }

    /** The checkout page of {@code intent}; the CSRF cookie is issued unless the browser already has a good one. */
    public Uni<Response> checkout(IntentDetails intent, Lang lang, String csrfCookie) {
        String id = intent.id();
        String pagePath = "/payment/" + id;
        String langQuery = "?lang=" + lang.code();
        String returnUrl = pagePath + "/return" + langQuery;
        boolean open = "requires_action".equals(intent.status());
        boolean paid = "succeeded".equals(intent.status());
        String amount = Money.format(intent.amount(), intent.currency());

        String cookie = csrf.isWellFormed(csrfCookie) ? csrfCookie : null;
        boolean newCookie = open && cookie == null;
        if (newCookie) {
            cookie = csrf.newCookieValue();
        }

        String qrSvg = null;
        String testPage = null;
        long secondsLeft = 0;
        String countdown = null;
        String expiresClock = null;
        if (open) {
            String payload = intent.qr() == null ? null : intent.qr().data();
            if (payload != null && !payload.isEmpty()) {
                qrSvg = qrCodes.svg(payload);
                if (config.checkout().testPaymentLink() && isHttpUrl(payload)) {
                    testPage = payload;
                }
            }
            if (intent.expiresAt() != null) {
                secondsLeft = Math.max(0, Duration.between(Instant.now(), intent.expiresAt()).getSeconds());
                countdown = countdown(secondsLeft);
                expiresClock = clock.format(intent.expiresAt());
            }
        }
        PageView view = new PageView(id, intent.status(), nonBlank(intent.merchantName()), nonBlank(intent.description()),
                amount, qrSvg, pagePath + "/qr.png", secondsLeft, countdown, expiresClock, pagePath + "/cancel",
                open ? csrf.formToken(id, cookie) : null, returnUrl, testPage, config.checkout().pollMillis());

        String refresh = open ? Integer.toString(config.checkout().noscriptRefreshSeconds())
                : paid ? "2;url=" + returnUrl : null;
        Chrome chrome = chrome(lang, pagePath, refresh, true);
        String csp = SecurityHeaders.csp(formTargets(intent));
        String cookieValue = cookie;
        return render(Pages.page(chrome, view), lang).map(html -> {
            Response.ResponseBuilder response = ok(200, html).header(SecurityHeaders.CSP, csp);
            if (newCookie) {
                response.header(HttpHeaders.SET_COOKIE, CsrfTokens.COOKIE + "=" + cookieValue
                        + "; Path=/payment; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : ""));
            }
            return response.build();
        });
    }

    public Uni<Response> notFound(Lang lang, String path) {
        return render(Pages.notFound(chrome(lang, path, null, false)), lang).map(html -> ok(404, html).build());
    }

    /** intent-service is down or slow: a polite page that reloads itself, never a 500. */
    public Uni<Response> unavailable(Lang lang, String path, String retryUrl) {
        return render(Pages.unavailable(chrome(lang, path, "5;url=" + retryUrl, false), retryUrl), lang)
                .map(html -> ok(503, html).header(HttpHeaders.RETRY_AFTER, "5").build());
    }

    public Uni<Response> formRefused(Lang lang, String pagePath, int status) {
        return render(Pages.formRefused(chrome(lang, pagePath, null, false), pagePath + "?lang=" + lang.code()), lang)
                .map(html -> ok(status, html).build());
    }

    private static Uni<String> render(TemplateInstance template, Lang lang) {
        return template.setLocale(lang.locale()).createUni();
    }

    private static Response.ResponseBuilder ok(int status, String html) {
        return Response.status(status).type(HTML).entity(html).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    static String countdown(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String nativeName(Lang lang) {
        return switch (lang) {
            case TH -> "ภาษาไทย";
            case EN -> "English";
        };
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static boolean isHttpUrl(String payload) {
        return origin(payload).isPresent();
    }

    /** Where the cancel form may end up after intent-service's 303: the merchant's two URLs. */
    private static Set<String> formTargets(IntentDetails intent) {
        Set<String> origins = new LinkedHashSet<>();
        origin(intent.cancelUrl()).ifPresent(origins::add);
        origin(intent.callbackUrl()).ifPresent(origins::add);
        return origins;
    }

    /** {@code scheme://host[:port]} of an http(s) URL, restricted to characters that are safe in a CSP header. */
    static Optional<String> origin(String url) {
        if (url == null || url.length() > 2048) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!("http".equals(scheme) || "https".equals(scheme)) || host == null
                    || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
