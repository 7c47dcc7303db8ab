package com.promptpay.gateway.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's install instructions name every Secret and key the manifests need. */
class ReadmeTest {

    @Test
    void readmeNamesEverySecretAndKeyTheManifestsRead() throws IOException {
        String readme = Files.readString(Locations.k8sDir().resolve("README.md"));
        GatewayContract.EXTERNAL_SECRETS.forEach((secret, keys) -> {
            assertTrue(readme.contains("`" + secret + "`"), "README must list Secret " + secret);
            for (String key : keys) {
                assertTrue(readme.contains(key), "README must name key " + key + " of " + secret);
            }
        });
        for (String overlay : Set.of("overlays/dev", "overlays/prod")) {
            assertTrue(readme.contains("kubectl apply -k deploy/k8s/" + overlay) || readme.contains("`" + overlay + "`"),
                    "README must say how to apply " + overlay);
        }
        assertTrue(readme.contains("mvn -B -f deploy/k8s/validation/pom.xml verify"), "README gives the CI command");
    }
}
