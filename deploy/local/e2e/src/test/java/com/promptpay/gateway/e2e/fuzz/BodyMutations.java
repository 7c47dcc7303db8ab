package com.promptpay.gateway.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/** Bad bodies: a field anywhere in the tree retyped, removed or repeated; or the whole body replaced by worse. */
final class BodyMutations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BodyMutations() {
    }

    static void apply(Draft draft, Random random) {
        if (draft.json instanceof ObjectNode && random.nextInt(3) != 0) {
            jsonField(draft, random);
        } else if (draft.form != null && random.nextBoolean()) {
            formField(draft, random);
        } else {
            wholeBody(draft, random);
        }
    }

    /** A field anywhere in the tree removed, retyped, or joined by an unknown one. */
    private static void jsonField(Draft draft, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(draft.json, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(7)) {
            case 0 -> {
                target.remove(field);
                draft.mutations.add("body without " + field);
            }
            case 1, 2 -> {
                String raw = Nasty.pick(Nasty.JSON_VALUES, random);
                target.set(field, NODES.rawValueNode(new RawValue(raw)));
                draft.mutations.add("body " + field + "=" + Draft.abbreviate(raw, 40));
            }
            case 3 -> {
                target.set(field, NODES.rawValueNode(new RawValue(Nasty.pick(Nasty.NUMBERS, random))));
                draft.mutations.add("body " + field + "=number " + target.get(field));
            }
            case 4 -> {
                String text = Nasty.pick(Nasty.STRINGS, random);
                target.put(field, text);
                draft.mutations.add("body " + field + "=string " + Draft.abbreviate(text, 30));
            }
            case 5 -> {
                String name = Nasty.pick(List.of("__proto__", "constructor", "", "k".repeat(300), "amount ", "Amount",
                        "\u0000", "ยอดเงิน", "$where", "metadata.orderId"), random);
                String raw = Nasty.pick(Nasty.JSON_VALUES, random);
                target.set(name, NODES.rawValueNode(new RawValue(raw)));
                draft.mutations.add("body extra field " + Draft.abbreviate(name, 20));
            }
            default -> {
                String text = new String(draft.body(), StandardCharsets.UTF_8);
                draft.rawBody = text.replaceFirst("\\{", "{\"" + field + "\":\"duplicate\",").getBytes(StandardCharsets.UTF_8);
                draft.mutations.add("body duplicate key " + field);
            }
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectObjects(child, into));
        }
    }

    private static void formField(Draft draft, Random random) {
        String[] field = draft.form.get(random.nextInt(draft.form.size()));
        switch (random.nextInt(4)) {
            case 0 -> {
                draft.form.remove(field);
                draft.mutations.add("form without " + field[0]);
            }
            case 1 -> {
                field[1] = Nasty.pick(Nasty.STRINGS, random);
                draft.mutations.add("form " + field[0] + "=nasty");
            }
            case 2 -> {
                draft.form.add(new String[] {field[0], Nasty.pick(Nasty.STRINGS, random)});
                draft.mutations.add("form duplicated " + field[0]);
            }
            default -> {
                draft.rawBody = (new String(draft.body(), StandardCharsets.UTF_8) + "&" + field[0] + "=%zz&%=&=")
                        .getBytes(StandardCharsets.UTF_8);
                draft.mutations.add("form broken escapes");
            }
        }
    }

    private static void wholeBody(Draft draft, Random random) {
        byte[] body = draft.body();
        String text = new String(body, StandardCharsets.UTF_8);
        int choice = random.nextInt(16);
        draft.rawBody = switch (choice) {
            case 0 -> new byte[0];
            case 1 -> Nasty.pick(List.of("null", "[]", "\"text\"", "12345", "true", " ", "\n"), random).getBytes(StandardCharsets.UTF_8);
            case 2 -> body.length < 2 ? "{".getBytes(StandardCharsets.UTF_8)
                    : java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 1));
            case 3 -> new byte[] {(byte) 0xff, (byte) 0xfe, '{', (byte) 0xc3, (byte) 0x28, (byte) 0x80, '}'};
            case 4 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case 5 -> text.getBytes(StandardCharsets.UTF_16);
            case 6 -> ("/* comment */" + text.replaceFirst("}\\s*$", ",}")).getBytes(StandardCharsets.UTF_8);
            case 7 -> Nasty.nested("[", "]", 1000 + random.nextInt(20_000)).getBytes(StandardCharsets.UTF_8);
            case 8 -> Nasty.nested("{\"a\":", "}", 500 + random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
            case 9 -> Nasty.wideObject(100 + random.nextInt(3000)).getBytes(StandardCharsets.UTF_8);
            case 10 -> ("{\"x\":\"" + "é".repeat(20_000 + random.nextInt(100_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 11 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                    .getBytes(StandardCharsets.UTF_8);
            case 12 -> "amount=10000&email=a%40b.c&csrf=%zz".getBytes(StandardCharsets.UTF_8);
            case 13 -> text.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
            case 14 -> "{\"amount\":NaN,\"email\":Infinity}".getBytes(StandardCharsets.UTF_8);
            default -> new byte[200_000 + random.nextInt(400_000)];
        };
        draft.mutations.add("whole body #" + choice + " (" + draft.rawBody.length + " bytes)");
    }
}
