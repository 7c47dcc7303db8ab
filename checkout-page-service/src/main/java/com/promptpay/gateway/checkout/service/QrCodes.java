package com.promptpay.gateway.checkout.service;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.promptpay.gateway.checkout.config.CheckoutConfig;

/**
 * The PromptPay QR, drawn here from the payload with ZXing: inline SVG for the page (one path, one
 * sub-path per horizontal run of dark modules, so a typical code is 2–5 KB) and a PNG for download.
 * Both keep the 4-module quiet zone scanners need. A payload never changes for an intent, so the
 * SVG is kept in a small LRU.
 */
@ApplicationScoped
public class QrCodes {

    public static final int QUIET_ZONE = 4;
    public static final int PNG_PIXELS_PER_MODULE = 8;

    private final Map<String, String> svgCache;

    public QrCodes(CheckoutConfig config) {
        int capacity = Math.max(1, config.checkout().qrCacheSize());
        this.svgCache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** An {@code <svg>} element sized by CSS, hidden from screen readers (the page labels the figure around it). */
    public String svg(String payload) {
        String paths;
        synchronized (svgCache) {
            paths = svgCache.get(payload);
        }
        if (paths == null) {
            paths = svgBody(encode(payload));
            synchronized (svgCache) {
                svgCache.put(payload, paths);
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" " + paths + "</svg>";
    }

    public byte[] png(String payload) {
        BitMatrix modules = encode(payload);
        int size = modules.getWidth() + 2 * QUIET_ZONE;
        boolean[][] dark = new boolean[size][size];
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                dark[y + QUIET_ZONE][x + QUIET_ZONE] = modules.get(x, y);
            }
        }
        return PngEncoder.blackAndWhite(dark, PNG_PIXELS_PER_MODULE);
    }

    private static String svgBody(BitMatrix modules) {
        int size = modules.getWidth() + 2 * QUIET_ZONE;
        StringBuilder d = new StringBuilder(4096);
        for (int y = 0; y < modules.getHeight(); y++) {
            int x = 0;
            while (x < modules.getWidth()) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < modules.getWidth() && modules.get(x, y)) {
                    x++;
                }
                int run = x - start;
                d.append('M').append(start + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                        .append('h').append(run).append("v1h-").append(run).append('z');
            }
        }
        return "viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size
                + "\" height=\"" + size + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + d + "\"/>";
    }

    /** Size 0 asks ZXing for one unit per module and no margin: scale and margin are ours. */
    static BitMatrix encode(String payload) {
        try {
            return new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, 0));
        } catch (WriterException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + payload.length() + " characters", e);
        }
    }
}
