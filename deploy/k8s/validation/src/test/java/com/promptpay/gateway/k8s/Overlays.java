package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Shared, assembled-once overlays and CRD schemas for the tests. */
final class Overlays {

    static final List<String> ALL = List.of("dev", "prod");

    private static final Map<String, Build> BUILDS = new ConcurrentHashMap<>();
    private static volatile CrdSchemaValidator crds;

    private Overlays() {
    }

    static Build build(String overlay) {
        return BUILDS.computeIfAbsent(overlay, Build::overlay);
    }

    static Build prod() {
        return build("prod");
    }

    static Build dev() {
        return build("dev");
    }

    static CrdSchemaValidator crds() {
        if (crds == null) {
            synchronized (Overlays.class) {
                if (crds == null) {
                    crds = CrdSchemaValidator.fromDirectory(Locations.crdsDir());
                }
            }
        }
        return crds;
    }

    static ManifestValidator validator() {
        return new ManifestValidator(crds());
    }

    /** A fresh copy of the production build's trees, to break on purpose. */
    static List<ObjectNode> prodCopy() {
        return prod().copyOfRaw();
    }
}
