package com.promptpay.gateway.dispatcher.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.client.AddressResolver;

import io.smallrye.mutiny.Uni;

/**
 * Replaces the system resolver in every test: names resolve only to what a test programmed (never through DNS),
 * one answer per call in order (the last repeats), so a test can play DNS rebinding.
 */
@ApplicationScoped
public class ProgrammableResolver implements AddressResolver {

    private static final Map<String, Deque<List<InetAddress>>> ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    /** Answers for {@code host}, one per resolution. */
    public static void program(String host, List<List<String>> answers) {
        Deque<List<InetAddress>> queue = new ArrayDeque<>();
        for (List<String> answer : answers) {
            queue.add(answer.stream().map(ProgrammableResolver::literal).toList());
        }
        ANSWERS.put(host, queue);
        CALLS.put(host, new AtomicInteger());
    }

    public static int calls(String host) {
        AtomicInteger calls = CALLS.get(host);
        return calls == null ? 0 : calls.get();
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        CALLS.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        Deque<List<InetAddress>> queue = ANSWERS.get(host);
        if (queue == null) {
            return Uni.createFrom().failure(new UnknownHostException(host + " (not programmed in the test resolver)"));
        }
        synchronized (queue) {
            return Uni.createFrom().item(queue.size() > 1 ? queue.poll() : queue.peek());
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
