package com.promptpay.gateway.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the manifests and the CRD copies are, found from the working directory. */
public final class Locations {

    private Locations() {
    }

    /** The repository root: the first directory, walking up, holding both pom.xml and deploy/. */
    public static Path repoRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with pom.xml and deploy/) above " + start);
    }

    public static Path k8sDir() {
        return repoRoot().resolve("deploy/k8s");
    }

    public static Path overlay(String name) {
        return k8sDir().resolve("overlays").resolve(name);
    }

    /**
     * The CRD copies: {@code ../shared/k8s-crds} next to the repository root, or the directory named by
     * the system property / environment variable {@code K8S_CRDS_DIR}.
     */
    public static Path crdsDir() {
        String override = System.getProperty("K8S_CRDS_DIR", System.getenv("K8S_CRDS_DIR"));
        Path dir = override != null && !override.isBlank()
                ? Path.of(override)
                : repoRoot().resolveSibling("shared").resolve("k8s-crds");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("CRD schemas not found at " + dir.toAbsolutePath().normalize()
                    + ": the Strimzi and CloudNativePG CustomResourceDefinitions are expected in ../shared/k8s-crds "
                    + "beside the repository root (or set K8S_CRDS_DIR)");
        }
        return dir;
    }
}
