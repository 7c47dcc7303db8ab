package com.promptpay.gateway.stripeemulator.testpage;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;

/** A real, scannable QR code of a string, as PNG or SVG, with the quiet zone scanners need. */
@ApplicationScoped
public class QrCodeRenderer {

    private static final int QUIET_ZONE_MODULES = 4;
    private static final int PNG_PIXELS_PER_MODULE = 8;
    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    public byte[] png(String data) {
        BitMatrix modules = encode(data);
        int size = (modules.getWidth() + 2 * QUIET_ZONE_MODULES) * PNG_PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int moduleX = x / PNG_PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
                int moduleY = y / PNG_PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
                image.setRGB(x, y, isDark(modules, moduleX, moduleY) ? BLACK : WHITE);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** One path of unit squares; {@code crispEdges} keeps scanners from seeing anti-aliased seams. */
    public String svg(String data) {
        BitMatrix modules = encode(data);
        int size = modules.getWidth() + 2 * QUIET_ZONE_MODULES;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                if (modules.get(x, y)) {
                    path.append('M').append(x + QUIET_ZONE_MODULES).append(',').append(y + QUIET_ZONE_MODULES)
                            .append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" width=\"" + size * PNG_PIXELS_PER_MODULE + "\" height=\"" + size * PNG_PIXELS_PER_MODULE
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static boolean isDark(BitMatrix modules, int x, int y) {
        return x >= 0 && y >= 0 && x < modules.getWidth() && y < modules.getHeight() && modules.get(x, y);
    }

    /** Size 0 asks ZXing for one pixel per module and no margin; scaling and margin are ours. */
    private static BitMatrix encode(String data) {
        try {
            return new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode a QR code of " + data.length() + " characters", e);
        }
    }
}
