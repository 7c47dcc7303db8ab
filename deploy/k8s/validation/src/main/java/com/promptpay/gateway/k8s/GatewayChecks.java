package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.promptpay.gateway.k8s.GatewayContract.EXTERNAL_SECRETS;
import com.promptpay.gateway.k8s.NetworkPolicyEvaluator.Endpoint;

/**
 * What matters in the assembled manifests, as checks that return violations (empty = fine). Each
 * check is also run against deliberately broken copies in the tests, so none of them is vacuous.
 */
public final class GatewayChecks {

    private GatewayChecks() {
    }

    // ---------------------------------------------------------------- every overlay

    /** Probes on /q/health/*, requests and limits, non-root read-only containers, a bounded heap. */
    public static List<String> deploymentsHardened(Build build) {
        List<String> v = new ArrayList<>();
        if (build.deployments().isEmpty()) {
            v.add("no Deployments in the build");
        }
        for (Deployment d : build.deployments()) {
            String name = "Deployment " + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                v.add(name + ": automountServiceAccountToken must be false (the services never call the API server)");
            }
            PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container c : containers) {
                String where = name + " container " + c.getName();
                checkProbe(v, where, "startupProbe", c.getStartupProbe(), "/q/health/started", c);
                checkProbe(v, where, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", c);
                checkProbe(v, where, "livenessProbe", c.getLivenessProbe(), "/q/health/live", c);
                checkResources(v, where, c);
                checkSecurity(v, where, c, podSecurity);
                checkHeap(v, where, c, build);
            }
        }
        return v;
    }

    private static void checkProbe(List<String> v, String where, String kind, Probe probe, String path, Container c) {
        if (probe == null || probe.getHttpGet() == null) {
            v.add(where + ": no " + kind + " (httpGet " + path + ")");
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            v.add(where + ": " + kind + " must GET " + path + ", not " + probe.getHttpGet().getPath());
        }
        if (containerPort(c, probe.getHttpGet().getPort()).isEmpty()) {
            v.add(where + ": " + kind + " port " + probe.getHttpGet().getPort() + " is not a port of the container");
        }
    }

    private static void checkResources(List<String> v, String where, Container c) {
        Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
        for (String r : List.of("cpu", "memory")) {
            if (requests == null || requests.get(r) == null) {
                v.add(where + ": no " + r + " request");
            }
            if (limits == null || limits.get(r) == null) {
                v.add(where + ": no " + r + " limit");
            }
            if (requests != null && limits != null && requests.get(r) != null && limits.get(r) != null
                    && requests.get(r).getNumericalAmount().compareTo(limits.get(r).getNumericalAmount()) > 0) {
                v.add(where + ": " + r + " request above its limit");
            }
        }
    }

    private static void checkSecurity(List<String> v, String where, Container c, PodSecurityContext pod) {
        SecurityContext s = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
        Boolean nonRoot = s.getRunAsNonRoot() != null ? s.getRunAsNonRoot() : pod.getRunAsNonRoot();
        Long user = s.getRunAsUser() != null ? s.getRunAsUser() : pod.getRunAsUser();
        if (!Boolean.TRUE.equals(nonRoot)) {
            v.add(where + ": runAsNonRoot must be true");
        }
        if (user != null && user == 0L) {
            v.add(where + ": runAsUser 0 (root)");
        }
        if (!Boolean.TRUE.equals(s.getReadOnlyRootFilesystem())) {
            v.add(where + ": readOnlyRootFilesystem must be true");
        }
        if (!Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
            v.add(where + ": allowPrivilegeEscalation must be false");
        }
        if (Boolean.TRUE.equals(s.getPrivileged())) {
            v.add(where + ": privileged");
        }
        if (s.getCapabilities() == null || s.getCapabilities().getDrop() == null
                || !s.getCapabilities().getDrop().contains("ALL")) {
            v.add(where + ": capabilities must drop ALL");
        }
        if (s.getCapabilities() != null && s.getCapabilities().getAdd() != null && !s.getCapabilities().getAdd().isEmpty()) {
            v.add(where + ": adds capabilities " + s.getCapabilities().getAdd());
        }
        String seccomp = s.getSeccompProfile() != null ? s.getSeccompProfile().getType()
                : pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
        if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
            v.add(where + ": seccompProfile must be RuntimeDefault (or Localhost)");
        }
    }

    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG])");

    /** The JVM heap is set (-Xmx) and leaves room under the memory limit for metaspace, threads, buffers. */
    private static void checkHeap(List<String> v, String where, Container c, Build build) {
        Map<String, EnvSource> env = resolveEnv(c, build);
        EnvSource opts = env.get("JAVA_OPTS_APPEND");
        Matcher m = opts == null || opts.value() == null ? null : XMX.matcher(opts.value());
        if (m == null || !m.find()) {
            v.add(where + ": JAVA_OPTS_APPEND must set -Xmx");
            return;
        }
        long unit = switch (m.group(2).toLowerCase()) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        long heap = Long.parseLong(m.group(1)) * unit;
        Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
                : c.getResources().getLimits().get("memory");
        if (limit != null && BigDecimal.valueOf(heap).compareTo(
                Quantity.getAmountInBytes(limit).multiply(BigDecimal.valueOf(0.6))) > 0) {
            v.add(where + ": -Xmx " + m.group() + " is more than 60% of the memory limit " + limit);
        }
        if (!opts.value().contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")) {
            v.add(where + ": JAVA_OPTS_APPEND replaces the image's and must keep "
                    + "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
    }

    /** Every Deployment has a PodDisruptionBudget and a HorizontalPodAutoscaler that select it. */
    public static List<String> disruptionAndScaling(Build build) {
        List<String> v = new ArrayList<>();
        for (Deployment d : build.deployments()) {
            String name = d.getMetadata().getName();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            if (!NetworkPolicyEvaluator.matches(d.getSpec().getSelector(), labels)) {
                v.add("Deployment " + name + ": selector does not match its pod template labels");
            }
            List<PodDisruptionBudget> pdbs = build.pdbs().stream()
                    .filter(p -> p.getSpec().getSelector() != null
                            && NetworkPolicyEvaluator.matches(p.getSpec().getSelector(), labels))
                    .toList();
            if (pdbs.size() != 1) {
                v.add("Deployment " + name + ": " + pdbs.size() + " PodDisruptionBudgets select its pods (expected 1)");
            }
            for (PodDisruptionBudget pdb : pdbs) {
                IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
                if (maxUnavailable == null || Objects.equals(maxUnavailable.getIntVal(), 0)
                        || "0%".equals(maxUnavailable.getStrVal())) {
                    v.add("PodDisruptionBudget " + pdb.getMetadata().getName()
                            + ": needs maxUnavailable >= 1 so nodes can be drained at any replica count");
                }
            }
            List<HorizontalPodAutoscaler> hpas = build.hpas().stream()
                    .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                            && name.equals(h.getSpec().getScaleTargetRef().getName()))
                    .toList();
            if (hpas.size() != 1) {
                v.add("Deployment " + name + ": " + hpas.size() + " HorizontalPodAutoscalers target it (expected 1)");
            }
            for (HorizontalPodAutoscaler h : hpas) {
                int min = h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas();
                if (min < 1 || min > h.getSpec().getMaxReplicas()) {
                    v.add("HorizontalPodAutoscaler " + h.getMetadata().getName() + ": minReplicas " + min
                            + " / maxReplicas " + h.getSpec().getMaxReplicas());
                }
                if (d.getSpec().getReplicas() != null) {
                    v.add("Deployment " + name + ": sets replicas although an HPA owns the count "
                            + "(every apply would reset the HPA's decision)");
                }
            }
        }
        return v;
    }

    /** Each gateway service: a Service named after it, selecting exactly its pods, on its port. */
    public static List<String> servicesMatchDeployments(Build build) {
        List<String> v = new ArrayList<>();
        for (GatewayContract.ServiceSpec spec : GatewayContract.SERVICES) {
            Optional<Deployment> deployment = build.named(Deployment.class, spec.name());
            Optional<Service> service = build.named(Service.class, spec.name());
            if (deployment.isEmpty() || service.isEmpty()) {
                v.add(spec.name() + ": Deployment and Service expected");
                continue;
            }
            Container c = deployment.get().getSpec().getTemplate().getSpec().getContainers().get(0);
            if (c.getPorts() == null || c.getPorts().stream().noneMatch(p -> p.getContainerPort() == spec.port())) {
                v.add(spec.name() + ": container does not listen on " + spec.port());
            }
            for (Service s : build.services()) {
                Map<String, String> selector = s.getSpec().getSelector();
                boolean selects = selector != null && !selector.isEmpty() && selector.entrySet().stream().allMatch(
                        e -> e.getValue().equals(deployment.get().getSpec().getTemplate().getMetadata().getLabels().get(e.getKey())));
                if (selects != s.getMetadata().getName().equals(spec.name())) {
                    v.add("Service " + s.getMetadata().getName() + (selects ? " selects " : " does not select ")
                            + "the pods of " + spec.name());
                }
            }
            List<ServicePort> ports = service.get().getSpec().getPorts();
            boolean portOk = ports != null && ports.stream().anyMatch(p -> p.getPort() == spec.port()
                    && containerPort(c, p.getTargetPort()).map(cp -> cp.getContainerPort() == spec.port()).orElse(false));
            if (!portOk) {
                v.add("Service " + spec.name() + ": must expose port " + spec.port() + " targeting the container's port");
            }
        }
        return v;
    }

    /** ConfigMaps, Secrets and custom-resource references point at things that exist or that the README lists. */
    public static List<String> referencesResolve(Build build) {
        List<String> v = new ArrayList<>();
        for (ObjectNode r : build.raw()) {
            if ("Secret".equals(r.path("kind").asText())) {
                v.add("Secret " + r.path("metadata").path("name").asText()
                        + " is in the manifests: secrets are created per installation, never committed");
            }
        }
        for (Deployment d : build.deployments()) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String where = "Deployment " + d.getMetadata().getName();
                if (c.getEnvFrom() != null) {
                    for (EnvFromSource from : c.getEnvFrom()) {
                        if (from.getSecretRef() != null) {
                            v.add(where + ": envFrom secretRef hides which keys are used; use secretKeyRef");
                        }
                        if (from.getConfigMapRef() != null
                                && build.named(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                            v.add(where + ": ConfigMap " + from.getConfigMapRef().getName() + " is not in the build");
                        }
                    }
                }
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
                        if (!EXTERNAL_SECRETS.getOrDefault(ref.getName(), Set.of()).contains(ref.getKey())) {
                            v.add(where + ": env " + e.getName() + " reads Secret " + ref.getName() + " key " + ref.getKey()
                                    + ", which is not among the Secrets the README tells operators to create");
                        }
                        if (Boolean.TRUE.equals(ref.getOptional())) {
                            v.add(where + ": env " + e.getName() + " from an optional Secret: a missing secret "
                                    + "must stop the pod, not start it unconfigured");
                        }
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        Optional<ConfigMap> cm = build.named(ConfigMap.class, ref.getName());
                        if (cm.isEmpty() || cm.get().getData() == null || !cm.get().getData().containsKey(ref.getKey())) {
                            v.add(where + ": env " + e.getName() + " reads missing ConfigMap key " + ref.getName() + "/" + ref.getKey());
                        }
                    }
                }
            }
        }
        for (Ingress ingress : build.ingresses()) {
            for (IngressTLS tls : Optional.ofNullable(ingress.getSpec().getTls()).orElse(List.of())) {
                if (!EXTERNAL_SECRETS.containsKey(tls.getSecretName())) {
                    v.add("Ingress " + ingress.getMetadata().getName() + ": TLS Secret " + tls.getSecretName()
                            + " is not among the Secrets the README lists");
                }
            }
        }
        Set<String> kafkas = names(build.custom("Kafka"));
        for (String kind : List.of("KafkaNodePool", "KafkaTopic")) {
            for (ObjectNode r : build.custom(kind)) {
                String cluster = r.path("metadata").path("labels").path("strimzi.io/cluster").asText();
                if (!kafkas.contains(cluster)) {
                    v.add(kind + " " + r.path("metadata").path("name").asText() + ": strimzi.io/cluster '" + cluster
                            + "' is not a Kafka in the build");
                }
            }
        }
        Set<String> clusters = names(build.custom("Cluster"));
        Map<String, String> roleSecrets = new LinkedHashMap<>();
        for (ObjectNode cluster : build.custom("Cluster")) {
            for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
                String secret = role.path("passwordSecret").path("name").asText(null);
                roleSecrets.put(role.path("name").asText(), secret);
                if (secret == null || !EXTERNAL_SECRETS.containsKey(secret)) {
                    v.add("Cluster " + cluster.path("metadata").path("name").asText() + ": role " + role.path("name").asText()
                            + " password Secret '" + secret + "' is not among the Secrets the README lists");
                }
            }
        }
        for (ObjectNode db : build.custom("Database")) {
            String name = db.path("metadata").path("name").asText();
            if (!clusters.contains(db.path("spec").path("cluster").path("name").asText())) {
                v.add("Database " + name + ": cluster " + db.path("spec").path("cluster").path("name").asText() + " not in the build");
            }
            if (!roleSecrets.containsKey(db.path("spec").path("owner").asText())) {
                v.add("Database " + name + ": owner " + db.path("spec").path("owner").asText() + " is not a managed role");
            }
        }
        return v;
    }

    /** Each service gets exactly the configuration keys it reads, secrets only from Secrets, wired to the right places. */
    public static List<String> environmentMatchesContract(Build build) {
        List<String> v = new ArrayList<>();
        for (GatewayContract.ServiceSpec spec : GatewayContract.SERVICES) {
            Optional<Deployment> d = build.named(Deployment.class, spec.name());
            if (d.isEmpty()) {
                v.add("no Deployment " + spec.name());
                continue;
            }
            Container c = d.get().getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, EnvSource> env = resolveEnv(c, build);
            String where = "Deployment " + spec.name();
            for (String required : spec.requiredEnv()) {
                if (!env.containsKey(required)) {
                    v.add(where + ": missing env " + required);
                }
            }
            for (String name : env.keySet()) {
                if (!spec.requiredEnv().contains(name) && !spec.optionalEnv().contains(name)
                        && !GatewayContract.COMMON_OPTIONAL_ENV.contains(name)) {
                    v.add(where + ": unexpected env " + name + " (not a configuration key of this service)");
                }
            }
            for (String secretName : GatewayContract.SECRET_ENV) {
                EnvSource source = env.get(secretName);
                if (source != null && source.secret() == null) {
                    v.add(where + ": " + secretName + " must come from a Secret (secretKeyRef), not " + source.describe());
                }
            }
            if (spec.database() != null) {
                checkDatabaseWiring(v, where, spec, env, build);
            }
            checkKafkaWiring(v, where, env, build);
            if (env.containsKey("INTENT_SERVICE_URL")) {
                String expected = "http://intent-service:" + GatewayContract.service("intent-service").port();
                if (!expected.equals(env.get("INTENT_SERVICE_URL").value())) {
                    v.add(where + ": INTENT_SERVICE_URL must be " + expected);
                }
            }
        }
        return v;
    }

    private static void checkDatabaseWiring(List<String> v, String where, GatewayContract.ServiceSpec spec,
                                            Map<String, EnvSource> env, Build build) {
        if (!spec.database().equals(value(env, "DB_NAME"))) {
            v.add(where + ": DB_NAME must be " + spec.database() + ", is " + value(env, "DB_NAME"));
        }
        List<ObjectNode> clusters = build.custom("Cluster");
        if (clusters.size() != 1) {
            v.add("expected one PostgreSQL Cluster, found " + clusters.size());
            return;
        }
        ObjectNode cluster = clusters.get(0);
        String rw = cluster.path("metadata").path("name").asText() + "-rw";
        if (!rw.equals(value(env, "DB_HOST")) || !"5432".equals(value(env, "DB_PORT"))) {
            v.add(where + ": DB_HOST/DB_PORT must be " + rw + ":5432 (the primary), are "
                    + value(env, "DB_HOST") + ":" + value(env, "DB_PORT"));
        }
        String owner = GatewayContract.DATABASE_OWNERS.get(spec.database());
        boolean databaseExists = build.custom("Database").stream().anyMatch(db ->
                spec.database().equals(db.path("spec").path("name").asText())
                        && owner.equals(db.path("spec").path("owner").asText()));
        if (!databaseExists) {
            v.add(where + ": no Database resource " + spec.database() + " owned by " + owner);
        }
        String ownerSecret = null;
        for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
            if (owner.equals(role.path("name").asText())) {
                ownerSecret = role.path("passwordSecret").path("name").asText(null);
            }
        }
        EnvSource user = env.get("DB_USER");
        EnvSource password = env.get("DB_PASSWORD");
        if (user == null || password == null || user.secret() == null || password.secret() == null
                || !user.secret().equals(ownerSecret) || !password.secret().equals(ownerSecret)
                || !"username".equals(user.key()) || !"password".equals(password.key())) {
            v.add(where + ": DB_USER/DB_PASSWORD must be username/password of " + ownerSecret
                    + ", the password Secret of the database owner " + owner);
        }
    }

    private static void checkKafkaWiring(List<String> v, String where, Map<String, EnvSource> env, Build build) {
        List<ObjectNode> kafkas = build.custom("Kafka");
        if (kafkas.size() != 1) {
            v.add("expected one Kafka, found " + kafkas.size());
            return;
        }
        ObjectNode kafka = kafkas.get(0);
        Set<String> bootstraps = new HashSet<>();
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if ("internal".equals(listener.path("type").asText())) {
                bootstraps.add(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:" + listener.path("port").asInt());
            }
        }
        if (!bootstraps.contains(value(env, "KAFKA_BOOTSTRAP_SERVERS"))) {
            v.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + value(env, "KAFKA_BOOTSTRAP_SERVERS")
                    + " is not an internal listener bootstrap of the Kafka cluster " + bootstraps);
        }
    }

    /** The Ingress routes exactly the public paths, each to its service, and nothing else. */
    public static List<String> ingressRoutesExactly(Build build) {
        List<String> v = new ArrayList<>();
        if (build.ingresses().size() != 1) {
            v.add("expected exactly one Ingress (the single public entry), found " + build.ingresses().size());
            return v;
        }
        Ingress ingress = build.ingresses().get(0);
        if (ingress.getSpec().getDefaultBackend() != null) {
            v.add("Ingress: a defaultBackend would publish every unlisted path");
        }
        List<GatewayContract.Route> actual = routes(ingress);
        Set<GatewayContract.Route> expected = new HashSet<>(GatewayContract.ROUTES);
        for (GatewayContract.Route r : actual) {
            if (!expected.contains(r)) {
                v.add("Ingress routes " + r + " which is not a public path of the gateway");
            }
        }
        for (GatewayContract.Route r : GatewayContract.ROUTES) {
            if (!actual.contains(r)) {
                v.add("Ingress does not route " + r);
            }
        }
        if (actual.size() != new HashSet<>(actual).size()) {
            v.add("Ingress has duplicate paths");
        }
        for (IngressRule rule : ingress.getSpec().getRules()) {
            if (rule.getHost() != null) {
                v.add("Ingress: rules are host-less; TLS names the host (got host " + rule.getHost() + ")");
            }
        }
        for (GatewayContract.Route r : actual) {
            Optional<Service> s = build.named(Service.class, r.service());
            if (s.isEmpty() || s.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort() == r.port())) {
                v.add("Ingress backend " + r.service() + ":" + r.port() + " is not a Service port in the build");
            }
        }
        return v;
    }

    public static List<GatewayContract.Route> routes(Ingress ingress) {
        List<GatewayContract.Route> routes = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            if (rule.getHttp() == null) {
                continue;
            }
            for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                var backend = p.getBackend().getService();
                routes.add(new GatewayContract.Route(p.getPath(), p.getPathType(),
                        backend == null ? null : backend.getName(),
                        backend == null || backend.getPort().getNumber() == null ? -1 : backend.getPort().getNumber()));
            }
        }
        return routes;
    }

    /**
     * Which service a request path reaches, by the Ingress matching rules: Exact must equal; Prefix
     * matches whole '/'-separated elements; the longest match wins, Exact before Prefix on a tie.
     */
    public static Optional<String> route(Ingress ingress, String requestPath) {
        GatewayContract.Route best = null;
        for (GatewayContract.Route r : routes(ingress)) {
            boolean match = switch (r.pathType()) {
                case "Exact" -> r.path().equals(requestPath);
                case "Prefix" -> prefixMatches(r.path(), requestPath);
                default -> throw new IllegalArgumentException("pathType " + r.pathType() + " is controller-specific");
            };
            if (match && (best == null || r.path().length() > best.path().length()
                    || r.path().length() == best.path().length() && r.pathType().equals("Exact"))) {
                best = r;
            }
        }
        return Optional.ofNullable(best).map(GatewayContract.Route::service);
    }

    private static boolean prefixMatches(String prefix, String path) {
        String[] p = strip(prefix).split("/");
        String[] r = strip(path).split("/");
        if (strip(prefix).isEmpty()) {
            return true;
        }
        if (r.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals(r[i])) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String path) {
        String s = path.startsWith("/") ? path.substring(1) : path;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // ---------------------------------------------------------------- network policies

    /** Labels of the peers the policies are written for (README lists these assumptions). */
    public static final Endpoint INGRESS_CONTROLLER =
            Endpoint.pod("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of(), "10.42.9.1");
    public static final Endpoint PROMETHEUS =
            Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of(), "10.42.9.2");
    public static final Endpoint CNPG_OPERATOR =
            Endpoint.pod("cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of(), "10.42.9.3");
    public static final Endpoint KUBE_DNS =
            Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"), Map.of(), "10.96.0.10");

    /**
     * Connection matrix: only the Ingress controller (and Prometheus, and checkout for
     * intent-service) reaches the services; only the database owners reach PostgreSQL; the
     * dispatcher reaches the internet, DNS, Kafka and PostgreSQL, and no private address.
     */
    public static List<String> networkIsolation(Build build) {
        List<String> v = new ArrayList<>();
        NetworkPolicyEvaluator net = new NetworkPolicyEvaluator(build.networkPolicies());
        String ns = build.deployments().isEmpty() ? "default"
                : Optional.ofNullable(build.deployments().get(0).getMetadata().getNamespace()).orElse("default");
        Map<String, Endpoint> pods = new LinkedHashMap<>();
        int ip = 10;
        for (GatewayContract.ServiceSpec spec : GatewayContract.SERVICES) {
            Optional<Deployment> d = build.named(Deployment.class, spec.name());
            if (d.isEmpty()) {
                v.add("no Deployment " + spec.name());
                return v;
            }
            Map<String, Integer> named = new LinkedHashMap<>();
            for (ContainerPort p : Optional.ofNullable(d.get().getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                    .orElse(List.of())) {
                if (p.getName() != null) {
                    named.put(p.getName(), p.getContainerPort());
                }
            }
            pods.put(spec.name(), Endpoint.pod(ns, d.get().getSpec().getTemplate().getMetadata().getLabels(), named,
                    "10.42.0." + ip++));
        }
        Endpoint intruder = Endpoint.pod(ns, Map.of("app.kubernetes.io/name", "intruder"), Map.of(), "10.42.0.99");
        Endpoint otherNamespace = Endpoint.pod("other", Map.of("app.kubernetes.io/name", "intent-service"), Map.of(), "10.42.1.1");
        String pgCluster = build.custom("Cluster").stream().findFirst()
                .map(c -> c.path("metadata").path("name").asText()).orElse("?");
        Endpoint postgres = Endpoint.pod(ns, Map.of("cnpg.io/cluster", pgCluster, "cnpg.io/instanceRole", "primary"),
                Map.of(), "10.42.3.1");
        Endpoint postgresReplica = Endpoint.pod(ns, Map.of("cnpg.io/cluster", pgCluster, "cnpg.io/instanceRole", "replica"),
                Map.of(), "10.42.3.2");
        String kafka = build.custom("Kafka").stream().findFirst().map(k -> k.path("metadata").path("name").asText()).orElse("?");
        Endpoint broker = Endpoint.pod(ns, Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka",
                "strimzi.io/broker-role", "true"), Map.of(), "10.42.4.1");

        for (GatewayContract.ServiceSpec spec : GatewayContract.SERVICES) {
            Endpoint target = pods.get(spec.name());
            int port = spec.port();
            if (!net.isolatedForIngress(target)) {
                v.add(spec.name() + ": no NetworkPolicy isolates its ingress: every pod in the cluster can reach it");
            }
            expect(v, net, INGRESS_CONTROLLER, target, port, "TCP", true, "Ingress controller -> " + spec.name());
            expect(v, net, PROMETHEUS, target, port, "TCP", true, "Prometheus -> " + spec.name() + " (metrics)");
            expect(v, net, intruder, target, port, "TCP", false, "another pod of the namespace -> " + spec.name());
            expect(v, net, otherNamespace, target, port, "TCP", false, "a pod of another namespace -> " + spec.name());
            for (GatewayContract.ServiceSpec from : GatewayContract.SERVICES) {
                if (from != spec) {
                    boolean allowed = spec.name().equals("intent-service") && from.name().equals("checkout-page-service");
                    expect(v, net, pods.get(from.name()), target, port, "TCP", allowed, from.name() + " -> " + spec.name());
                }
            }
        }
        for (GatewayContract.ServiceSpec spec : GatewayContract.SERVICES) {
            expect(v, net, pods.get(spec.name()), postgres, 5432, "TCP", spec.database() != null,
                    spec.name() + " -> PostgreSQL");
        }
        expect(v, net, intruder, postgres, 5432, "TCP", false, "another pod of the namespace -> PostgreSQL");
        expect(v, net, postgresReplica, postgres, 5432, "TCP", true, "PostgreSQL replica -> primary (replication)");
        expect(v, net, CNPG_OPERATOR, postgres, 8000, "TCP", true, "CloudNativePG operator -> instance status API");

        Endpoint dispatcher = pods.get("callback-dispatcher-service");
        if (!net.isolatedForEgress(dispatcher)) {
            v.add("callback-dispatcher-service: no NetworkPolicy restricts its egress");
        }
        expect(v, net, dispatcher, KUBE_DNS, 53, "UDP", true, "dispatcher -> DNS");
        expect(v, net, dispatcher, broker, 9092, "TCP", true, "dispatcher -> Kafka");
        expect(v, net, dispatcher, postgres, 5432, "TCP", true, "dispatcher -> PostgreSQL");
        for (String publicIp : List.of("8.8.8.8", "203.0.113.7", "2606:4700:4700::1111")) {
            for (int port : List.of(443, 80, 8443)) {
                expect(v, net, dispatcher, Endpoint.external(publicIp), port, "TCP", true,
                        "dispatcher -> merchant at " + publicIp + ":" + port);
            }
        }
        for (String privateIp : List.of("10.0.0.1", "10.96.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "127.0.0.1", "fd00::1", "fe80::1", "::1", "::ffff:10.0.0.1")) {
            expect(v, net, dispatcher, Endpoint.external(privateIp), 443, "TCP", false, "dispatcher -> " + privateIp);
        }
        for (GatewayContract.ServiceSpec spec : GatewayContract.SERVICES) {
            if (!spec.name().equals("callback-dispatcher-service")) {
                expect(v, net, dispatcher, pods.get(spec.name()), spec.port(), "TCP", false,
                        "dispatcher -> " + spec.name() + " (egress)");
            }
        }
        return v;
    }

    private static void expect(List<String> v, NetworkPolicyEvaluator net, Endpoint from, Endpoint to, int port,
                               String protocol, boolean allowed, String what) {
        if (net.allows(from, to, port, protocol) != allowed) {
            v.add(what + " on " + port + "/" + protocol + " must be " + (allowed ? "allowed" : "denied"));
        }
    }

    // ---------------------------------------------------------------- production

    /** 3 KRaft nodes; RF 3 and min ISR 2 for every topic and for Kafka's own topics; no auto-created topics. */
    public static List<String> productionKafka(Build build) {
        List<String> v = new ArrayList<>();
        List<ObjectNode> kafkas = build.custom("Kafka");
        if (kafkas.size() != 1) {
            v.add("expected one Kafka, found " + kafkas.size());
            return v;
        }
        ObjectNode kafka = kafkas.get(0);
        String name = kafka.path("metadata").path("name").asText();
        JsonNode annotations = kafka.path("metadata").path("annotations");
        if (!"enabled".equals(annotations.path("strimzi.io/node-pools").asText())
                || !"enabled".equals(annotations.path("strimzi.io/kraft").asText())) {
            v.add("Kafka " + name + ": strimzi.io/node-pools and strimzi.io/kraft must be enabled");
        }
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("default.replication.factor", "3");
        expected.put("min.insync.replicas", "2");
        expected.put("offsets.topic.replication.factor", "3");
        expected.put("transaction.state.log.replication.factor", "3");
        expected.put("transaction.state.log.min.isr", "2");
        expected.put("auto.create.topics.enable", "false");
        expected.forEach((key, value) -> {
            if (!value.equals(config.path(key).asText())) {
                v.add("Kafka " + name + ": config " + key + " must be " + value + ", is " + config.path(key).asText("(unset)"));
            }
        });
        int brokers = 0;
        int controllers = 0;
        for (ObjectNode pool : build.custom("KafkaNodePool")) {
            if (!name.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                continue;
            }
            Set<String> roles = new HashSet<>();
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            int replicas = pool.path("spec").path("replicas").asInt();
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
        }
        if (brokers < 3) {
            v.add("Kafka " + name + ": " + brokers + " brokers; RF 3 needs at least 3");
        }
        if (controllers < 3 || controllers % 2 == 0) {
            v.add("Kafka " + name + ": " + controllers + " KRaft controllers; a quorum surviving one loss needs 3 (odd)");
        }
        v.addAll(topics(build, 3, 2));
        return v;
    }

    /** Every gateway topic exists with its partitions, the given RF / min ISR, and compaction where the state is the latest record. */
    public static List<String> topics(Build build, int replicas, int minIsr) {
        List<String> v = new ArrayList<>();
        for (GatewayContract.Topic topic : GatewayContract.TOPICS) {
            Optional<ObjectNode> t = build.custom("KafkaTopic").stream().filter(r -> topic.name().equals(
                    r.path("spec").path("topicName").asText(r.path("metadata").path("name").asText()))).findFirst();
            if (t.isEmpty()) {
                v.add("no KafkaTopic " + topic.name());
                continue;
            }
            JsonNode spec = t.get().path("spec");
            if (spec.path("partitions").asInt() != topic.partitions()) {
                v.add("KafkaTopic " + topic.name() + ": " + spec.path("partitions").asInt() + " partitions, expected " + topic.partitions());
            }
            if (spec.path("replicas").asInt() != replicas) {
                v.add("KafkaTopic " + topic.name() + ": replicas " + spec.path("replicas").asText("(unset)") + ", expected " + replicas);
            }
            if (!String.valueOf(minIsr).equals(spec.path("config").path("min.insync.replicas").asText())) {
                v.add("KafkaTopic " + topic.name() + ": min.insync.replicas " + spec.path("config").path("min.insync.replicas").asText("(unset)")
                        + ", expected " + minIsr);
            }
            boolean compacted = "compact".equals(spec.path("config").path("cleanup.policy").asText());
            if (compacted != topic.compacted()) {
                v.add("KafkaTopic " + topic.name() + ": cleanup.policy must " + (topic.compacted() ? "" : "not ") + "be compact");
            }
        }
        return v;
    }

    /** 3 PostgreSQL instances with synchronous replication; one database per service owned by its role. */
    public static List<String> productionPostgres(Build build) {
        List<String> v = new ArrayList<>();
        List<ObjectNode> clusters = build.custom("Cluster");
        if (clusters.size() != 1) {
            v.add("expected one PostgreSQL Cluster, found " + clusters.size());
            return v;
        }
        JsonNode spec = clusters.get(0).path("spec");
        if (spec.path("instances").asInt() != 3) {
            v.add("Cluster: instances " + spec.path("instances").asInt() + ", expected 3");
        }
        if (spec.path("postgresql").path("synchronous").path("number").asInt(0) < 1) {
            v.add("Cluster: synchronous replication to at least one standby expected");
        }
        GatewayContract.DATABASE_OWNERS.forEach((database, owner) -> {
            boolean found = build.custom("Database").stream().anyMatch(db -> database.equals(db.path("spec").path("name").asText())
                    && owner.equals(db.path("spec").path("owner").asText())
                    && !"absent".equals(db.path("spec").path("ensure").asText()));
            if (!found) {
                v.add("no Database " + database + " owned by " + owner);
            }
        });
        return v;
    }

    private static final Pattern MERCHANT_SEED = Pattern.compile("(?i).*(DEMO|DEFAULT|SEED|BOOTSTRAP|INITIAL)_?MERCHANT.*");
    private static final Pattern SECRET_LITERAL = Pattern.compile("(sk|rk)_(live|test)_\\w+|whsec_\\w+|mch_\\w+");

    /** No merchant is configured by the manifests: no seed variables, no seeding Jobs, no literal keys. */
    public static List<String> noDefaultMerchant(Build build) {
        List<String> v = new ArrayList<>();
        for (ObjectNode r : build.raw()) {
            String kind = r.path("kind").asText();
            if (Set.of("Job", "CronJob", "Pod").contains(kind)) {
                v.add(kind + " " + r.path("metadata").path("name").asText() + ": no one-off workloads (merchant seeding) in production");
            }
        }
        for (ConfigMap cm : build.configMaps()) {
            Optional.ofNullable(cm.getData()).orElse(Map.of()).forEach((key, value) -> {
                if (MERCHANT_SEED.matcher(key).matches()) {
                    v.add("ConfigMap " + cm.getMetadata().getName() + ": " + key + " configures a default merchant");
                }
                if (SECRET_LITERAL.matcher(value).find()) {
                    v.add("ConfigMap " + cm.getMetadata().getName() + ": " + key + " holds a merchant id or key literal");
                }
            });
        }
        for (Deployment d : build.deployments()) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (MERCHANT_SEED.matcher(e.getName()).matches()) {
                        v.add("Deployment " + d.getMetadata().getName() + ": env " + e.getName() + " configures a default merchant");
                    }
                    if (e.getValue() != null && SECRET_LITERAL.matcher(e.getValue()).find()) {
                        v.add("Deployment " + d.getMetadata().getName() + ": env " + e.getName() + " holds a key literal");
                    }
                }
            }
        }
        return v;
    }

    /** Stripe keys only from a (required) Secret, and the real Stripe API (no STRIPE_API_BASE override). */
    public static List<String> stripeKeysFromSecret(Build build) {
        List<String> v = new ArrayList<>();
        Map<String, String> needs = Map.of("intent-service", "STRIPE_SECRET_KEY", "webhook-ingest-service", "STRIPE_WEBHOOK_SECRET");
        needs.forEach((service, variable) -> {
            Optional<Deployment> d = build.named(Deployment.class, service);
            if (d.isEmpty()) {
                v.add("no Deployment " + service);
                return;
            }
            Container c = d.get().getSpec().getTemplate().getSpec().getContainers().get(0);
            EnvVar e = Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                    .filter(x -> variable.equals(x.getName())).findFirst().orElse(null);
            if (e == null || e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) {
                v.add(service + ": " + variable + " must be a secretKeyRef");
            } else if (Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional())) {
                v.add(service + ": " + variable + " Secret must not be optional");
            }
        });
        for (Deployment d : build.deployments()) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (resolveEnv(c, build).containsKey("STRIPE_API_BASE")) {
                v.add(d.getMetadata().getName() + ": STRIPE_API_BASE set in production (it must be the real Stripe API)");
            }
        }
        return v;
    }

    /** Images from a registry with a pinned tag or digest, never :latest or untagged. */
    public static List<String> imagesPinned(Build build) {
        List<String> v = new ArrayList<>();
        for (Deployment d : build.deployments()) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String image = c.getImage();
                String lastSegment = image.substring(image.lastIndexOf('/') + 1);
                String firstSegment = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
                boolean pinned = image.contains("@sha256:")
                        || lastSegment.contains(":") && !lastSegment.endsWith(":latest");
                if (!pinned) {
                    v.add(d.getMetadata().getName() + ": image " + image + " is not pinned to a tag or digest");
                }
                if (!firstSegment.contains(".") && !firstSegment.contains(":")) {
                    v.add(d.getMetadata().getName() + ": image " + image + " does not name its registry");
                }
            }
        }
        return v;
    }

    /** BASE_URL is the https URL of the Ingress's TLS host. */
    public static List<String> publicUrlMatchesTls(Build build) {
        List<String> v = new ArrayList<>();
        String baseUrl = build.named(ConfigMap.class, "gateway-common").map(cm -> cm.getData().get("BASE_URL")).orElse(null);
        if (baseUrl == null) {
            v.add("gateway-common has no BASE_URL");
            return v;
        }
        URI uri = URI.create(baseUrl);
        if (!"https".equals(uri.getScheme()) || uri.getPath() != null && !uri.getPath().isEmpty()) {
            v.add("BASE_URL " + baseUrl + " must be https://<host> (paymentUrl is built from it)");
        }
        Set<String> tlsHosts = new HashSet<>();
        build.ingresses().forEach(i -> Optional.ofNullable(i.getSpec().getTls()).orElse(List.of())
                .forEach(t -> tlsHosts.addAll(Optional.ofNullable(t.getHosts()).orElse(List.of()))));
        if (!tlsHosts.contains(uri.getHost())) {
            v.add("BASE_URL host " + uri.getHost() + " is not a TLS host of the Ingress " + tlsHosts);
        }
        return v;
    }

    // ---------------------------------------------------------------- helpers

    /** Where one env variable's value comes from. */
    public record EnvSource(String value, String secret, String key, String origin) {
        String describe() {
            return origin;
        }
    }

    /** A container's environment as the kubelet builds it: envFrom in order, then env (later wins). */
    public static Map<String, EnvSource> resolveEnv(Container c, Build build) {
        Map<String, EnvSource> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
            if (from.getConfigMapRef() != null) {
                String cmName = from.getConfigMapRef().getName();
                build.named(ConfigMap.class, cmName).ifPresent(cm -> Optional.ofNullable(cm.getData()).orElse(Map.of())
                        .forEach((k, val) -> env.put(prefix + k, new EnvSource(val, null, k, "ConfigMap " + cmName))));
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
                env.put(e.getName(), new EnvSource(null, ref.getName(), ref.getKey(), "Secret " + ref.getName()));
            } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                String val = build.named(ConfigMap.class, ref.getName()).map(cm -> cm.getData().get(ref.getKey())).orElse(null);
                env.put(e.getName(), new EnvSource(val, null, ref.getKey(), "ConfigMap " + ref.getName()));
            } else {
                env.put(e.getName(), new EnvSource(e.getValue(), null, null, "a literal value"));
            }
        }
        return env;
    }

    private static String value(Map<String, EnvSource> env, String name) {
        return env.containsKey(name) ? env.get(name).value() : null;
    }

    private static Optional<ContainerPort> containerPort(Container c, IntOrString port) {
        if (port == null || c.getPorts() == null) {
            return Optional.empty();
        }
        return c.getPorts().stream().filter(p -> port.getIntVal() != null
                ? port.getIntVal().equals(p.getContainerPort())
                : port.getStrVal().equals(p.getName())).findFirst();
    }

    private static Set<String> names(List<ObjectNode> resources) {
        Set<String> names = new HashSet<>();
        resources.forEach(r -> names.add(r.path("metadata").path("name").asText()));
        return names;
    }
}
