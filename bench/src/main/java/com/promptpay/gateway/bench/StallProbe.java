package com.promptpay.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells a pause of the whole machine from a slow service: a thread that only sleeps 10 ms at a time, in its own
 * small JVM beside the stack, logs every wake-up more than {@code --late-ms} late, and each second the kernel's
 * pressure-stall totals ({@code /proc/pressure}) and the steal time. If the services stall and this probe does not,
 * the stall is theirs. On SIGTERM it prints one summary line for bench/event-path.sh.
 *
 * <pre>usage: StallProbe [--late-ms 150]</pre>
 */
public final class StallProbe {

    private static final long TICK_MILLIS = 10;

    private StallProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        long lateMillis = args.length == 2 && args[0].equals("--late-ms") ? Long.parseLong(args[1]) : 150;
        long started = System.nanoTime();
        long[] counters = counters();
        long[] first = counters.clone();
        AtomicLongArray stalls = new AtomicLongArray(2); // how many, longest ms (read by the shutdown hook)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long[] last = counters();
            System.out.printf("stall-probe: over %d s, %d wake-ups more than %d ms late (longest %d ms); the machine's "
                    + "stall totals: cpu some %s ms, io full %s ms, memory some %s ms; steal %s ticks%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), stalls.get(0), lateMillis, stalls.get(1),
                    delta(first, last, 0), delta(first, last, 1), delta(first, last, 2), delta(first, last, 3));
        }));
        long tick = System.nanoTime();
        long nextReport = tick + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            Thread.sleep(TICK_MILLIS);
            long now = System.nanoTime();
            long late = TimeUnit.NANOSECONDS.toMillis(now - tick) - TICK_MILLIS;
            tick = now;
            if (late > lateMillis) {
                stalls.incrementAndGet(0);
                stalls.accumulateAndGet(1, late, Math::max);
                System.out.printf("%s LATE %d ms%n", stamp(), late);
            }
            if (now >= nextReport) {
                nextReport = now + TimeUnit.SECONDS.toNanos(1);
                long[] current = counters();
                System.out.printf("%s cpu_some=%s io_full=%s mem_some=%s steal=%s%n", stamp(),
                        delta(counters, current, 0), delta(counters, current, 1), delta(counters, current, 2),
                        delta(counters, current, 3));
                counters = current;
            }
        }
    }

    private static LocalTime stamp() {
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** cpu "some", io "full", memory "some" stall totals in ms, and steal ticks; -1 where the kernel has none. */
    private static long[] counters() {
        return new long[] {stallMillis("cpu", "some"), stallMillis("io", "full"), stallMillis("memory", "some"), steal()};
    }

    private static String delta(long[] before, long[] after, int index) {
        return before[index] < 0 || after[index] < 0 ? "n/a" : Long.toString(after[index] - before[index]);
    }

    private static long stallMillis(String resource, String kind) {
        for (String line : lines(Path.of("/proc/pressure", resource))) {
            if (line.startsWith(kind + " ")) {
                return Long.parseLong(line.substring(line.lastIndexOf("total=") + 6)) / 1000;
            }
        }
        return -1;
    }

    private static long steal() {
        List<String> stat = lines(Path.of("/proc/stat"));
        return stat.isEmpty() ? -1 : Long.parseLong(stat.get(0).trim().split("\\s+")[8]);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
