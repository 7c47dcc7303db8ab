package com.promptpay.gateway.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's own scripts under deploy/local, so tests start things exactly as {@code ./gateway up} does. */
final class RepoScripts {

    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    private RepoScripts() {
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("deploy/local/kafka/kafka.sh"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no deploy/local/kafka/kafka.sh above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code script args…} with extra environment; returns its output, or throws with it on failure. */
    static String run(String script, Map<String, String> environment, String... args) {
        Path scriptPath = repoRoot().resolve(script);
        try {
            Path output = Files.createTempFile("gateway-script", ".log");
            ProcessBuilder builder = new ProcessBuilder(command(scriptPath, args))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " " + String.join(" ", args) + " timed out:\n" + text);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        script + " " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + scriptPath, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + scriptPath, e);
        }
    }

    private static List<String> command(Path script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
