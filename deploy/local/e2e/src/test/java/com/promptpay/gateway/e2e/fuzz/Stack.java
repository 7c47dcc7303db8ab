package com.promptpay.gateway.e2e.fuzz;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The few ./gateway helpers fuzzing needs (the e2e package's own are package-private to it). */
final class Stack {

    static final List<Integer> PORTS = List.of(3000, 3001, 8081, 8082, 8083, 8084, 9092, 9093, 12111);

    private Stack() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("gateway"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ./gateway above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs {@code ./gateway args…}. */
    static Result gateway(String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile("gateway", ".log");
        List<String> command = new ArrayList<>(List.of("bash", root().resolve("gateway").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./gateway " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        return new Result(process.exitValue(), text);
    }

    /** .gateway/local.env, with $VAR references resolved. */
    static Map<String, String> settings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root().resolve(".gateway/local.env"))) {
            if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String name = line.substring(0, line.indexOf('='));
            String value = line.substring(line.indexOf('=') + 1);
            settings.put(name, value.startsWith("$") ? settings.getOrDefault(value.substring(1), "") : value);
        }
        return settings;
    }

    static List<Integer> listening() {
        return PORTS.stream().filter(Stack::listening).toList();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
