package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of their CustomResourceDefinition
 * with networknt's json-schema-validator (draft 7 semantics), after translating the Kubernetes
 * dialect of OpenAPI v3 the way the API server reads it:
 * <ul>
 * <li>unknown fields are errors, as with {@code kubectl apply --validate=strict}: an object schema
 * with {@code properties} (outside anyOf/oneOf/allOf/not branches, which are pure value validations
 * in a structural schema) gets {@code additionalProperties: false}, unless it says
 * {@code x-kubernetes-preserve-unknown-fields: true};</li>
 * <li>{@code nullable: true} adds "null" to the type; {@code x-kubernetes-int-or-string} means
 * integer or string;</li>
 * <li>every other {@code x-kubernetes-*} keyword is dropped (CEL rules in
 * {@code x-kubernetes-validations} are not evaluated), and so is {@code format} (the API server
 * checks only a few formats; none matter here).</li>
 * </ul>
 * metadata is parsed strictly into fabric8's ObjectMeta on top.
 */
public final class CrdSchemaValidator {

    private final Map<String, ObjectNode> schemas = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(false)
            .build();

    /** Loads every CustomResourceDefinition (*.yaml) in a directory. */
    public static CrdSchemaValidator fromDirectory(Path dir) {
        CrdSchemaValidator validator = new CrdSchemaValidator();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(f -> {
                for (ObjectNode doc : Yaml.readDocuments(f)) {
                    if ("CustomResourceDefinition".equals(doc.path("kind").asText())) {
                        validator.addCrd(doc);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (validator.schemas.isEmpty()) {
            throw new IllegalStateException("no CustomResourceDefinitions found in " + dir);
        }
        return validator;
    }

    public void addCrd(ObjectNode crd) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean(false)) {
                continue;
            }
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (!schema.isObject()) {
                throw new IllegalStateException(kind + " " + version.path("name").asText() + ": no openAPIV3Schema");
            }
            schemas.put(group + "/" + version.path("name").asText() + "/" + kind, normalize(schema, false));
        }
    }

    public boolean knows(JsonNode resource) {
        return schemas.containsKey(StrictCoreParser.typeKey(resource));
    }

    public Set<String> knownTypes() {
        return schemas.keySet();
    }

    /** Errors (empty if valid). */
    public List<String> validate(JsonNode resource) {
        String key = StrictCoreParser.typeKey(resource);
        String what = StrictCoreParser.describe(resource);
        List<String> errors = new ArrayList<>();
        ObjectNode schema = schemas.get(key);
        if (schema == null) {
            errors.add(what + ": no CRD serves " + key);
            return errors;
        }
        JsonSchema jsonSchema = compiled.computeIfAbsent(key, k -> factory.getSchema(schema, config));
        for (ValidationMessage message : jsonSchema.validate(resource)) {
            errors.add(what + ": " + message.getMessage());
        }
        try {
            StrictCoreParser.parseMetadata(resource);
        } catch (ManifestException e) {
            errors.add(e.getMessage());
        }
        return errors;
    }

    /** The Kubernetes structural-schema dialect rewritten as plain JSON Schema (see class comment). */
    static ObjectNode normalize(JsonNode schema, boolean insideCombinator) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "properties", "patternProperties", "definitions" -> {
                    ObjectNode props = out.putObject(key);
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), normalize(p.getValue(), insideCombinator)));
                }
                case "items", "additionalProperties", "additionalItems" -> {
                    if (value.isObject()) {
                        out.set(key, normalize(value, insideCombinator));
                    } else if (value.isArray()) {
                        ArrayNode list = out.putArray(key);
                        value.forEach(v -> list.add(normalize(v, insideCombinator)));
                    } else {
                        out.set(key, value);
                    }
                }
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode list = out.putArray(key);
                    value.forEach(v -> list.add(normalize(v, true)));
                }
                case "not" -> out.set(key, normalize(value, true));
                case "nullable", "format" -> {
                    // handled below / dropped
                }
                default -> {
                    if (!key.startsWith("x-kubernetes-")) {
                        out.set(key, value);
                    }
                }
            }
        }
        if (schema.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isTextual()) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(out.get("type").asText()).add("null");
            out.set("type", types);
        }
        if (intOrString && !out.has("anyOf")) {
            ArrayNode anyOf = out.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        if (!insideCombinator && !preserveUnknown && out.has("properties") && !out.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }
}
