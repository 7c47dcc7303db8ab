package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading (multi-document) YAML into Jackson trees, the way kubectl/kustomize see the documents. */
public final class Yaml {

    /** Duplicate keys are an error, as in kustomize (go-yaml v3 refuses them). */
    public static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Yaml() {
    }

    /** All non-empty documents of a file; every document must be a mapping. */
    public static List<ObjectNode> readDocuments(Path file) {
        try {
            return readDocuments(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ObjectNode> readDocuments(String text, String source) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue; // an empty document (comments only), skipped by kustomize as well
                }
                if (!doc.isObject()) {
                    throw new ManifestException(source + " document " + index + ": expected a mapping, got " + doc.getNodeType());
                }
                documents.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            String detail = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            throw new ManifestException(source + ": invalid YAML: " + detail, e);
        }
        return documents;
    }

    public static ObjectNode readSingleDocument(Path file) {
        List<ObjectNode> docs = readDocuments(file);
        if (docs.size() != 1) {
            throw new ManifestException(file + ": expected exactly one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    public static String toYaml(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
