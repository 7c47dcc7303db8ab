package com.promptpay.gateway.checkout.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The page's only script and stylesheet, served by this service (no CDN): under {@code /payment/assets/}
 * so the public entry routes them here, named after their content hash so browsers may cache them forever.
 */
@ApplicationScoped
public class Assets {

    public record Asset(String name, String contentType, byte[] bytes) {
    }

    public static final String PATH = "/payment/assets/";

    private final Asset script;
    private final Asset style;
    private final Map<String, Asset> byName;

    public Assets() {
        this.script = load("checkout", "js", "text/javascript; charset=utf-8");
        this.style = load("checkout", "css", "text/css; charset=utf-8");
        this.byName = Map.of(script.name(), script, style.name(), style);
    }

    public String scriptUrl() {
        return PATH + script.name();
    }

    public String styleUrl() {
        return PATH + style.name();
    }

    public Optional<Asset> find(String name) {
        return Optional.ofNullable(name).map(byName::get);
    }

    private static Asset load(String base, String extension, String contentType) {
        String resource = "assets/" + base + "." + extension;
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
            return new Asset(base + "." + hash + "." + extension, contentType, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
