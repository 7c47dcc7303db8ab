package com.promptpay.gateway.e2e.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The cases of one operation: #0 is the baseline, which must succeed (else the mutations test nothing but the
 * error path); #1… are mutations of it. Each case has its own Random, seeded from the run's seed, the operation
 * and the case number, so any case can be rebuilt alone, whatever order the threads ran in.
 */
final class Campaign {

    private final Operation operation;
    private final Baselines.Spec spec;
    private final Mutations mutations;
    private final Oracle oracle;
    private final Sender sender;
    private final long seed;

    Campaign(Operation operation, Baselines.Spec spec, Mutations mutations, Oracle oracle, Sender sender, long seed) {
        this.operation = operation;
        this.spec = spec;
        this.mutations = mutations;
        this.oracle = oracle;
        this.sender = sender;
        this.seed = seed;
    }

    private static final boolean TRACE = Boolean.getBoolean("fuzz.trace");

    Tally run(List<Integer> caseNumbers, ExecutorService pool) throws InterruptedException, ExecutionException {
        Tally tally = new Tally(operation.key());
        long start = System.nanoTime();
        Draft baseline = draft(0);
        Outcome answer = sender.send(baseline);
        List<String> wrong = new ArrayList<>(oracle.judge(baseline, spec.kind(), answer));
        if (!answer.answered() || answer.status() >= 400) {
            wrong.add("the baseline must succeed" + (spec.handWritten() ? "" : " (no hand-written baseline in Baselines yet)"));
        }
        tally.record(answer, wrong, report(0, baseline, answer, wrong));
        List<Future<?>> pending = new ArrayList<>();
        for (int number : caseNumbers) {
            pending.add(pool.submit(() -> {
                Draft draft = draft(number);
                Outcome outcome = sender.send(draft);
                List<String> problems = oracle.judge(draft, spec.kind(), outcome);
                tally.record(outcome, problems, report(number, draft, outcome, problems));
                if (TRACE) { // when it happened and what came back, to line cases up with the services' logs
                    System.out.printf("%s %s #%d %s%s -> %s in %d ms%n", java.time.LocalTime.now(), operation.key(), number,
                            draft.mutations, draft.rawRequest != null ? " (raw)" : "", outcome.bucket(), outcome.millis());
                }
                return null;
            }));
        }
        for (Future<?> future : pending) {
            future.get();
        }
        tally.finished((System.nanoTime() - start) / 1_000_000);
        return tally;
    }

    /** The baseline once more, after fuzzing: why it no longer succeeds, if it does not. */
    java.util.Optional<String> baselineFails() throws InterruptedException {
        Draft baseline = draft(0);
        Outcome answer = sender.send(baseline);
        if (answer.answered() && answer.status() < 400) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(report(0, baseline, answer, List.of("after fuzzing, the baseline no longer succeeds")));
    }

    static List<Integer> numbers(int cases, Integer only) {
        return only != null ? List.of(only) : IntStream.range(1, cases).boxed().toList();
    }

    Draft draft(int number) {
        Random random = new Random(seed ^ (operation.key().hashCode() * 0x9E3779B97F4A7C15L) ^ (number * 0xBF58476D1CE4E5B9L));
        Draft draft = spec.baseline().apply(random, number);
        if (number == 0) {
            spec.signer().accept(draft);
            return draft;
        }
        List<Mutations.Family> families = families(draft, random);
        families.stream().filter(family -> family != Mutations.Family.PROTOCOL)
                .forEach(family -> mutations.apply(family, draft, random));
        // Mostly signed after mutating, so bad content gets past the signature check into parsing.
        if (!draft.keepSignature && random.nextInt(6) != 0) {
            spec.signer().accept(draft);
        }
        if (families.contains(Mutations.Family.PROTOCOL)) {
            mutations.apply(Mutations.Family.PROTOCOL, draft, random);
        }
        return draft;
    }

    private static List<Mutations.Family> families(Draft draft, Random random) {
        Map<Mutations.Family, Integer> weights = Mutations.weights(draft);
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int count = 1 + (random.nextInt(100) < 20 ? 1 : 0) + (random.nextInt(100) < 5 ? 1 : 0);
        List<Mutations.Family> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int ticket = random.nextInt(total);
            for (Mutations.Family family : Mutations.Family.values()) {
                ticket -= weights.get(family);
                if (ticket < 0) {
                    chosen.add(family);
                    break;
                }
            }
        }
        chosen.sort(Comparator.naturalOrder());
        return chosen;
    }

    private String report(int number, Draft draft, Outcome outcome, List<String> wrong) {
        if (wrong.isEmpty()) {
            return null;
        }
        String answer = outcome.answered() ? outcome.status() + " " + outcome.contentType() + " "
                + Draft.abbreviate(outcome.text(), 400).replace("\n", "\\n") : outcome.error();
        return oracle.redact(operation.key() + " #" + number + " " + draft.mutations + ": " + String.join("; ", wrong)
                + "\n      " + draft.describe() + "\n      answer: " + answer);
    }
}
