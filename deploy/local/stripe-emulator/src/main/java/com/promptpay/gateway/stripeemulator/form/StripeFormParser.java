package com.promptpay.gateway.stripeemulator.form;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses an {@code application/x-www-form-urlencoded} body the way Stripe reads it: {@code a[b][c]=v}
 * nests hashes, {@code a[0]=v} and {@code a[]=v} build arrays. The result holds only {@link String},
 * {@code Map<String, Object>} and {@code List<Object>} values, so two requests carrying the same
 * parameters parse to equal trees (which is what idempotency compares).
 */
public final class StripeFormParser {

    /** Index digits beyond this would not fit an int; Stripe rejects such arrays anyway. */
    private static final int MAX_INDEX_DIGITS = 6;

    private StripeFormParser() {
    }

    public static Map<String, Object> parse(String body) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return root;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawKey = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            put(root, keySegments(decode(rawKey)), decode(rawValue));
        }
        return freeze(root);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedFormException("Invalid percent-encoding in request body: " + raw);
        }
    }

    /** {@code a[b][0][]} → {@code ["a", "b", "0", ""]}. */
    static List<String> keySegments(String key) {
        int open = key.indexOf('[');
        String head = open < 0 ? key : key.substring(0, open);
        if (head.isEmpty() || head.indexOf(']') >= 0) {
            throw new MalformedFormException("Invalid parameter name: " + key);
        }
        List<String> segments = new ArrayList<>();
        segments.add(head);
        int position = open;
        while (position >= 0 && position < key.length()) {
            if (key.charAt(position) != '[') {
                throw new MalformedFormException("Invalid parameter name: " + key);
            }
            int close = key.indexOf(']', position);
            if (close < 0) {
                throw new MalformedFormException("Invalid parameter name: " + key);
            }
            String segment = key.substring(position + 1, close);
            if (segment.indexOf('[') >= 0) {
                throw new MalformedFormException("Invalid parameter name: " + key);
            }
            segments.add(segment);
            position = close + 1;
        }
        return segments;
    }

    /**
     * Containers are mutable while parsing: hashes are LinkedHashMaps, arrays are TreeMaps keyed by
     * index (so {@code a[1]} before {@code a[0]} still ends up in index order).
     */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> segments, String value) {
        Object container = root;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            Object next = last ? value : newContainerFor(segments.get(i + 1));
            if (container instanceof LinkedHashMap<?, ?> hash) {
                Map<String, Object> map = (Map<String, Object>) hash;
                container = last ? store(map, segment, value, segments) : descend(map, segment, next, segments);
            } else {
                TreeMap<Integer, Object> array = (TreeMap<Integer, Object>) container;
                int index = arrayIndex(array, segment, segments);
                Map<Integer, Object> asMap = array;
                container = last ? store(asMap, index, value, segments) : descend(asMap, index, next, segments);
            }
        }
    }

    private static Object newContainerFor(String segment) {
        return isArraySegment(segment) ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
    }

    private static boolean isArraySegment(String segment) {
        return segment.isEmpty() || segment.chars().allMatch(Character::isDigit);
    }

    private static int arrayIndex(TreeMap<Integer, Object> array, String segment, List<String> segments) {
        if (segment.isEmpty()) {
            return array.isEmpty() ? 0 : array.lastKey() + 1;
        }
        if (!isArraySegment(segment) || segment.length() > MAX_INDEX_DIGITS) {
            throw new MalformedFormException("Invalid array index in parameter: " + render(segments));
        }
        return Integer.parseInt(segment);
    }

    /** A repeated scalar keeps the last value, as Stripe's form reader does. */
    private static <K> Object store(Map<K, Object> map, K key, String value, List<String> segments) {
        Object existing = map.get(key);
        if (existing != null && !(existing instanceof String)) {
            throw new MalformedFormException("Parameter " + render(segments) + " is both a value and a hash or array");
        }
        map.put(key, value);
        return null;
    }

    private static <K> Object descend(Map<K, Object> map, K key, Object fresh, List<String> segments) {
        Object existing = map.computeIfAbsent(key, k -> fresh);
        if (existing.getClass() != fresh.getClass()) {
            throw new MalformedFormException("Parameter " + render(segments) + " mixes a value, a hash and an array");
        }
        return existing;
    }

    private static String render(List<String> segments) {
        StringBuilder name = new StringBuilder(segments.get(0));
        segments.subList(1, segments.size()).forEach(s -> name.append('[').append(s).append(']'));
        return name.toString();
    }

    /** Turns index-keyed arrays into lists, recursively. */
    @SuppressWarnings("unchecked")
    private static <T> T freeze(Object node) {
        if (node instanceof TreeMap<?, ?> array) {
            List<Object> list = new ArrayList<>(array.size());
            array.values().forEach(v -> list.add(freeze(v)));
            return (T) list;
        }
        if (node instanceof Map<?, ?> hash) {
            Map<String, Object> map = new LinkedHashMap<>();
            hash.forEach((k, v) -> map.put((String) k, freeze(v)));
            return (T) map;
        }
        return (T) node;
    }
}
