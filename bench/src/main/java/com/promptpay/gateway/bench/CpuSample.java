package com.promptpay.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by each component of the local stack (from /proc/PID/stat), so a run can say how much CPU one
 * event costs where: on two shared cores, a path that needs more than 20 ms of CPU per event cannot keep 100/s.
 */
final class CpuSample {

    // USER_HZ: 100 on every Linux this runs on; /proc reports utime and stime in these ticks.
    private static final double MS_PER_TICK = 10;

    private final Map<String, Long> ticks;
    private final long at = System.nanoTime();

    private CpuSample(Map<String, Long> ticks) {
        this.ticks = ticks;
    }

    /** The stack's components from {@code runDir/*.pid}, Kafka, every postgres process, and this JVM. */
    static CpuSample take(Path runDir) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            files.filter(f -> f.toString().endsWith(".pid")).sorted().forEach(f -> ticks.put(
                    f.getFileName().toString().replace(".pid", ""), ticksOf(pidIn(f))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + runDir, e);
        }
        ticks.put("kafka", ticksOf(pidIn(runDir.resolve("kafka/kafka.pid"))));
        long postgres = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if ("postgres".equals(read(process.resolve("comm")).strip())) {
                    postgres += ticksOf(process.getFileName().toString(), true);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        ticks.put("postgres (all)", postgres);
        ticks.put("load generator", ticksOf(String.valueOf(ProcessHandle.current().pid())));
        return new CpuSample(ticks);
    }

    /** CPU ms per event between {@code before} and this sample, per component, and how busy the two cores were. */
    String perEvent(CpuSample before, long events) {
        StringBuilder line = new StringBuilder("cpu ms per event:");
        long total = 0;
        for (var entry : ticks.entrySet()) {
            long used = entry.getValue() - before.ticks.getOrDefault(entry.getKey(), entry.getValue());
            total += used;
            line.append(String.format(" %s=%.1f", entry.getKey(), used * MS_PER_TICK / events));
        }
        double wallMs = (at - before.at) / 1e6;
        int cores = Runtime.getRuntime().availableProcessors();
        return line.append(String.format(" | total=%.1f; these processes kept %.0f%% of %d cores busy",
                total * MS_PER_TICK / events, 100 * total * MS_PER_TICK / (wallMs * cores), cores)).toString();
    }

    private static String pidIn(Path file) {
        return read(file).strip();
    }

    private static long ticksOf(String pid) {
        return ticksOf(pid, false);
    }

    /**
     * utime + stime; with {@code exitedChildren} also cutime + cstime, where the postmaster keeps what its backends used
     * once they exited. 0 for a process that is gone.
     */
    private static long ticksOf(String pid, boolean exitedChildren) {
        String stat = read(Path.of("/proc", pid, "stat"));
        if (stat.isEmpty()) {
            return 0;
        }
        // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return exitedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return "";
        }
    }
}
