package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Offline validation of every object of a build: core kinds strictly, custom resources by CRD schema. */
public final class ManifestValidator {

    private final CrdSchemaValidator crds;

    public ManifestValidator(CrdSchemaValidator crds) {
        this.crds = crds;
    }

    public List<String> validate(List<ObjectNode> resources) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode resource : resources) {
            errors.addAll(validate(resource));
        }
        return errors;
    }

    public List<String> validate(ObjectNode resource) {
        if (StrictCoreParser.isCoreKind(resource)) {
            try {
                StrictCoreParser.parse(resource);
                return List.of();
            } catch (ManifestException e) {
                return List.of(e.getMessage());
            }
        }
        if (crds.knows(resource)) {
            return crds.validate(resource);
        }
        return List.of(StrictCoreParser.describe(resource) + ": unknown type " + StrictCoreParser.typeKey(resource)
                + " (neither an accepted core kind nor served by a CRD in ../shared/k8s-crds)");
    }
}
