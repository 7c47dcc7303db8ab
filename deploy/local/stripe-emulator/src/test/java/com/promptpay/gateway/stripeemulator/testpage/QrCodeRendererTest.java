package com.promptpay.gateway.stripeemulator.testpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.promptpay.gateway.stripeemulator.support.QrDecoder;
import org.junit.jupiter.api.Test;

class QrCodeRendererTest {

    private static final String PAGE = "http://localhost:12111/promptpay/pi_3RkABCdefGHIjklMNOpqrSTU";

    private final QrCodeRenderer renderer = new QrCodeRenderer();

    @Test
    void pngScansBackToTheTestPageUrl() throws Exception {
        assertEquals(PAGE, QrDecoder.decode(renderer.png(PAGE)));
    }

    @Test
    void svgIsAStandaloneSquareImage() {
        String svg = renderer.svg(PAGE);

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("<path fill=\"#000\" d=\"M"), svg);
        assertTrue(svg.endsWith("</svg>"), svg);
    }
}
