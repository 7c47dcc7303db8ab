package com.promptpay.gateway.e2e;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The product as a newcomer runs it: ./gateway at the repository root, and HTTP from outside. */
public final class LocalStack {

    public static final List<Integer> PORTS = List.of(3000, 3001, 8081, 8082, 8083, 8084, 9092, 9093, 12111);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private LocalStack() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("gateway"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ./gateway above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Runs {@code ./gateway args…}; answers its exit code and output. */
    public static Result gateway(String... args) {
        return gateway(Map.of(), args);
    }

    /** Runs {@code ./gateway args…} with extra environment, which the components it starts inherit. */
    static Result gateway(Map<String, String> environment, String... args) {
        try {
            Path output = Files.createTempFile("gateway", ".log");
            List<String> command = new java.util.ArrayList<>(List.of("bash", root().resolve("gateway").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./gateway " + String.join(" ", args) + " did not finish in 10 minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exitCode, String output) {
    }

    /** The settings ./gateway up generated (.gateway/local.env), with $VAR references resolved. */
    public static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(root().resolve(".gateway/local.env"))) {
                if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                    continue;
                }
                String name = line.substring(0, line.indexOf('='));
                String value = line.substring(line.indexOf('=') + 1);
                if (value.startsWith("$")) {
                    value = settings.getOrDefault(value.substring(1), "");
                }
                settings.put(name, value);
            }
        } catch (IOException e) {
            throw new IllegalStateException("no .gateway/local.env: is the stack up?", e);
        }
        return settings;
    }

    /** The stack's ports that something answers on. */
    public static List<Integer> listeningPorts() {
        return PORTS.stream().filter(LocalStack::listening).toList();
    }

    /** Processes of the local stack still running: none may outlive {@code ./gateway down}. */
    public static List<String> leftoverProcesses() {
        List<String> found = new java.util.ArrayList<>();
        String stateDir = root().resolve(".gateway").toString();
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                    if (commandLine.contains("localstack.component=") || commandLine.contains(stateDir)) {
                        found.add(process.getFileName() + " " + commandLine);
                    }
                } catch (IOException vanished) {
                    // ended while we looked
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:3000" + path));
    }
}
