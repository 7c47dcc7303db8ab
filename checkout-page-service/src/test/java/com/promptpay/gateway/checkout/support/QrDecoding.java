package com.promptpay.gateway.checkout.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;

/** Reads back what a QR code says, from the page's inline SVG or the PNG download, with ZXing's decoder. */
public final class QrDecoding {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    private QrDecoding() {
    }

    /** The text of the first {@code <svg>} in {@code html}; also checks the 4-module quiet zone is empty. */
    public static String fromSvg(String html) {
        Matcher box = VIEW_BOX.matcher(html);
        if (!box.find()) {
            throw new AssertionError("no QR svg in the page");
        }
        int size = Integer.parseInt(box.group(1));
        int quiet = 4;
        BitMatrix modules = new BitMatrix(size - 2 * quiet);
        Matcher run = RUN.matcher(html.substring(box.start()));
        while (run.find()) {
            int x = Integer.parseInt(run.group(1)) - quiet;
            int y = Integer.parseInt(run.group(2)) - quiet;
            int length = Integer.parseInt(run.group(3));
            if (x < 0 || y < 0 || x + length > modules.getWidth() || y >= modules.getHeight()) {
                throw new AssertionError("a dark module in the quiet zone at " + (x + quiet) + "," + (y + quiet));
            }
            modules.setRegion(x, y, length, 1);
        }
        return decode(modules);
    }

    /** The text of a PNG whose modules are {@code pixelsPerModule} wide behind a 4-module quiet zone. */
    public static String fromPng(byte[] png, int pixelsPerModule) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int modulesWide = image.getWidth() / pixelsPerModule - 8;
            BitMatrix modules = new BitMatrix(modulesWide);
            for (int y = 0; y < modulesWide; y++) {
                for (int x = 0; x < modulesWide; x++) {
                    int rgb = image.getRGB((x + 4) * pixelsPerModule + pixelsPerModule / 2,
                            (y + 4) * pixelsPerModule + pixelsPerModule / 2) & 0xffffff;
                    if (rgb == 0) {
                        modules.set(x, y);
                    }
                }
            }
            return decode(modules);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String decode(BitMatrix modules) {
        try {
            return new Decoder().decode(modules).getText();
        } catch (ChecksumException | FormatException e) {
            throw new AssertionError("not a readable QR code", e);
        }
    }
}
