package com.promptpay.gateway.stripeemulator.service;

import java.util.Collection;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A concurrent map that forgets its oldest entries past a size, so a long benchmark against the
 * emulator cannot grow memory without bound. Iteration follows insertion order.
 */
public final class BoundedIndex<K, V> {

    private final int capacity;
    private final ConcurrentMap<K, V> entries = new ConcurrentHashMap<>();
    private final Queue<K> insertionOrder = new ConcurrentLinkedQueue<>();
    /** The queue's length; ConcurrentLinkedQueue.size() walks the whole queue. */
    private final AtomicInteger queued = new AtomicInteger();

    public BoundedIndex(int capacity) {
        this.capacity = capacity;
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Inserts unless present; returns the value now stored under the key. */
    public V putIfAbsent(K key, V value) {
        V existing = entries.putIfAbsent(key, value);
        if (existing != null) {
            return existing;
        }
        insertionOrder.add(key);
        queued.incrementAndGet();
        evictOverflow();
        return value;
    }

    /** Replaces a present entry only; an evicted or removed key stays gone. */
    public void replace(K key, V value) {
        entries.replace(key, value);
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public Collection<V> valuesInInsertionOrder() {
        return insertionOrder.stream().distinct().map(entries::get).filter(v -> v != null).toList();
    }

    /**
     * Counts queued keys rather than entries, so keys removed early (a failed idempotent request)
     * still leave the queue in time instead of piling up in it.
     */
    private void evictOverflow() {
        while (queued.get() > capacity) {
            K oldest = insertionOrder.poll();
            if (oldest == null) {
                return;
            }
            queued.decrementAndGet();
            entries.remove(oldest);
        }
    }
}
