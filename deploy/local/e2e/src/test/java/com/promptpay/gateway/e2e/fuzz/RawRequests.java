package com.promptpay.gateway.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Requests HttpClient refuses to send (broken framing, raw bytes in the target, smuggling shapes), written to a
 * socket as bytes. Also the way out for any draft whose URI or header values HttpClient will not accept.
 */
final class RawRequests {

    private static final int READ_LIMIT = 256 * 1024;
    private static final long READ_DEADLINE_MILLIS = 20_000;

    private RawRequests() {
    }

    /** The draft as it would go on the wire, framing and all, then broken in one way. */
    static void tamper(Draft draft, Random random) {
        byte[] body = draft.body();
        List<String> headers = new ArrayList<>();
        draft.headers.forEach(header -> headers.add(header[0] + ": " + header[1]));
        String target = draft.target();
        String method = draft.method;
        String version = "HTTP/1.1";
        String eol = "\r\n";
        String length = "Content-Length: " + body.length;
        boolean closeOutput = false;
        int choice = random.nextInt(16);
        switch (choice) {
            case 0 -> {
                length = "Content-Length: " + body.length + eol + "Transfer-Encoding: chunked";
                body = chunked(body);
            }
            case 1 -> {
                length = "Transfer-Encoding: chunked";
                body = ("zz" + eol + new String(body, StandardCharsets.UTF_8) + eol + "0" + eol + eol).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                length = "Content-Length: " + body.length / 2;
                body = concat(body, ("GET /admin/merchants HTTP/1.1" + eol + "Host: 127.0.0.1" + eol + eol).getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> {
                length = "Content-Length: " + (body.length + 100);
                closeOutput = true;
            }
            case 4 -> headers.add("NoColonHere");
            case 5 -> headers.add("X-Folded: a" + eol + " folded continuation");
            case 6 -> headers.add("X-Nul: a\u0000b");
            case 7 -> headers.add("X-Utf8: ทดสอบ " + Nasty.MARKER);
            case 8 -> eol = "\n";
            // No version the entry does not speak (HTTP/2.0, HTTP/01.1): for those RFC 9110 prescribes a 5xx (505),
            // and Vert.x answers 501.
            case 9 -> version = Nasty.pick(List.of("HTTP/1.0", "HTTP/1.1 extra"), random);
            case 10 -> headers.add(Nasty.pick(List.of("Host: evil.example", "Host: 127.0.0.1:3000", "Host: ", "Host: a b"), random));
            case 11 -> target = "http://127.0.0.1:8081" + Nasty.pick(List.of("/internal/intents/pi_000000000000000000000000",
                    "/q/health", draft.path()), random);
            case 12 -> target = draft.path() + Nasty.pick(List.of(" x", "\\..\\..", "/ก", "/\u0001", "/%", "/\t"), random);
            case 13 -> length = Nasty.pick(List.of("Content-Length: -1", "Content-Length: 1e3", "Content-Length: 5" + eol
                    + "Content-Length: 6", "Content-Length: 99999999999999999999", "Content-Length: 0x10"), random);
            case 14 -> method = Nasty.pick(List.of("A".repeat(200), "G\u00c9T", "GET GET", ""), random);
            default -> headers.add("Expect: 100-continue");
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append(eol);
        if (choice != 10 && !(choice == 9 && version.equals("HTTP/1.0"))) {
            head.append("Host: 127.0.0.1:3000").append(eol);
        }
        for (String header : headers) {
            head.append(header).append(eol);
        }
        head.append(length).append(eol).append("Connection: close").append(eol).append(eol);
        draft.rawRequest = concat(head.toString().getBytes(StandardCharsets.UTF_8), body);
        draft.rawCloseOutput = closeOutput;
        draft.protocolBroken = true;
        draft.pathTampered |= choice == 11 || choice == 12;
        draft.mutations.add("protocol #" + choice);
    }

    /** A draft HttpClient cannot express, framed plainly. */
    static byte[] plain(Draft draft) {
        byte[] body = draft.body();
        StringBuilder head = new StringBuilder(draft.method).append(' ').append(draft.target()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:3000\r\n");
        draft.headers.forEach(header -> head.append(header[0]).append(": ").append(header[1]).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.UTF_8), body);
    }

    static Outcome send(byte[] request, boolean closeOutput) {
        return send(request, closeOutput, 3000);
    }

    static Outcome send(byte[] request, boolean closeOutput, int port) {
        long start = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (closeOutput) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedMidway) {
                // the server answered and closed before taking everything: read what it said
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int read;
            long deadline = System.currentTimeMillis() + READ_DEADLINE_MILLIS;
            try {
                // An open event stream never completes: its first bytes are the answer, keep-alives must not hold us.
                while (received.size() < READ_LIMIT && System.currentTimeMillis() < deadline && (read = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, read);
                    if (complete(received.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException stopped) {
                // keep what arrived
            }
        } catch (IOException e) {
            return Outcome.failed(e.toString(), millis(start));
        }
        return parse(received.toByteArray(), millis(start));
    }

    private static Outcome parse(byte[] raw, long millis) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            return Outcome.failed(raw.length == 0 ? "connection closed without an answer"
                    : "not an HTTP answer: " + Draft.abbreviate(text, 80), millis);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        try {
            return new Outcome(Integer.parseInt(statusLine[1]), headers, body, null, millis, true);
        } catch (RuntimeException unreadable) {
            return Outcome.failed("unreadable status line: " + lines[0], millis);
        }
    }

    /** Whether the whole answer is in: headers plus Content-Length bytes, or the last chunk. */
    private static boolean complete(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (head.contains("content-type: text/event-stream")) {
            return raw.length > end + 4;
        }
        int at = head.indexOf("\ncontent-length:");
        if (at >= 0) {
            String value = head.substring(at + 16).split("\r\n", 2)[0].strip();
            try {
                return raw.length - end - 4 >= Long.parseLong(value);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return head.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int eol = text.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(text.substring(at, eol).split(";")[0].strip(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0 || eol + 2 + size > body.length) {
                break;
            }
            out.write(body, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static byte[] chunked(byte[] body) {
        String size = Integer.toHexString(body.length);
        return concat(concat((size + "\r\n").getBytes(StandardCharsets.US_ASCII), body), "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
