package com.promptpay.gateway.checkout.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A 1-bit greyscale PNG of a black-and-white grid: all a QR code needs, without AWT. */
final class PngEncoder {

    private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private PngEncoder() {
    }

    /** {@code dark[y][x]} true draws black; every cell becomes {@code scale × scale} pixels. */
    static byte[] blackAndWhite(boolean[][] dark, int scale) {
        int cells = dark.length;
        int pixels = cells * scale;
        int rowBytes = (pixels + 7) / 8;
        byte[] raw = new byte[pixels * (1 + rowBytes)];
        int offset = 0;
        for (int y = 0; y < pixels; y++) {
            raw[offset++] = 0; // filter: none
            boolean[] cellRow = dark[y / scale];
            for (int b = 0; b < rowBytes; b++) {
                int value = 0;
                for (int bit = 0; bit < 8; bit++) {
                    int x = b * 8 + bit;
                    boolean white = x >= pixels || !cellRow[x / scale];
                    value = (value << 1) | (white ? 1 : 0);
                }
                raw[offset++] = (byte) value;
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(2048);
        png.writeBytes(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream(13);
        writeInt(header, pixels);
        writeInt(header, pixels);
        header.write(1); // bit depth
        header.write(0); // colour type: greyscale
        header.write(0); // compression
        header.write(0); // filter
        header.write(0); // no interlace
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", deflate(raw));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(png, data.length);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(png, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
