package com.promptpay.gateway.intent.rest;

import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import com.promptpay.gateway.intent.rest.problem.Problem;

/** What a shopper sees when a payment link cannot be paid: Thai first, English below, and the HTTP status. */
final class LinkErrorPage {

    private LinkErrorPage() {
    }

    static Response of(Problem problem) {
        String[] thaiAndEnglish = explain(problem.status());
        String details = problem.errors() == null || problem.errors().isEmpty() ? escape(problem.detail())
                : problem.errors().stream().map(error -> escape(error.field() + ": " + error.message()))
                        .collect(Collectors.joining("<br>"));
        String html = """
                <!doctype html>
                <html lang="th"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>ลิงก์ชำระเงินใช้ไม่ได้ · Payment link not valid</title>
                <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
                h1{font-size:1.3rem}p.en{color:#555}small{color:#777}</style></head>
                <body><main>
                <h1>%s</h1><p lang="en" class="en">%s</p>
                <p><small>%s</small></p>
                </main></body></html>
                """.formatted(thaiAndEnglish[0], thaiAndEnglish[1], details);
        return Response.status(problem.status()).type("text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .entity(html).build();
    }

    private static String[] explain(int status) {
        return switch (status) {
            case 404 -> new String[] {"ไม่พบร้านค้านี้", "This shop is not known to the payment gateway."};
            case 410 -> new String[] {"ลิงก์ชำระเงินนี้หมดอายุแล้ว กรุณาขอลิงก์ใหม่จากร้านค้า",
                    "This payment link has expired. Please ask the shop for a new one."};
            case 403 -> new String[] {"ลิงก์ชำระเงินไม่ถูกต้องหรือถูกแก้ไข กรุณาขอลิงก์ใหม่จากร้านค้า",
                    "This payment link is not valid or was changed. Please ask the shop for a new one."};
            default -> status >= 500
                    ? new String[] {"ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง", "Something went wrong on our side. Please try again."}
                    : new String[] {"ลิงก์ชำระเงินไม่ถูกต้อง", "This payment link is not valid."};
        };
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
