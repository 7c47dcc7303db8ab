package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.Map;
import java.util.Optional;

/**
 * Strict parsing of core Kubernetes objects into the fabric8 model, standing in for the API
 * server's strict field validation ({@code kubectl apply --validate=strict}):
 * <ul>
 * <li>unknown fields fail: FAIL_ON_UNKNOWN_PROPERTIES, and fabric8's catch-all
 * {@code @JsonAnySetter additionalProperties} is switched off so unknown fields cannot hide there;</li>
 * <li>no scalar coercion: a quoted number for an integer field, or an unquoted number or boolean
 * for a string field (a classic in ConfigMap data and env values), fails as it does in Kubernetes;</li>
 * <li>only the kinds listed in {@link #KINDS} are accepted; anything else is reported.</li>
 * </ul>
 */
public final class StrictCoreParser {

    /** apiVersion/kind to fabric8 model class: everything the overlays may contain besides CRDs. */
    public static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Namespace", Namespace.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class);

    private static final ObjectMapper STRICT = strictMapper();

    private StrictCoreParser() {
    }

    public static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        return Boolean.FALSE; // fabric8's additionalProperties would swallow unknown fields
                    }
                })
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    public static boolean isCoreKind(JsonNode resource) {
        return KINDS.containsKey(typeKey(resource));
    }

    static String typeKey(JsonNode resource) {
        return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
    }

    /** Parses into the model class of its kind, or throws with the field path that is wrong. */
    public static HasMetadata parse(JsonNode resource) {
        Class<? extends HasMetadata> type = Optional.ofNullable(KINDS.get(typeKey(resource)))
                .orElseThrow(() -> new ManifestException(describe(resource)
                        + ": kind not accepted by the validation (add it to StrictCoreParser.KINDS if intended)"));
        return convert(resource, type, describe(resource));
    }

    public static <T> T parse(JsonNode node, Class<T> type) {
        return convert(node, type, type.getSimpleName());
    }

    /** metadata of a custom resource, checked with the same strictness as a core object's. */
    public static ObjectMeta parseMetadata(JsonNode resource) {
        return convert(resource.path("metadata"), ObjectMeta.class, describe(resource) + " metadata");
    }

    private static <T> T convert(JsonNode node, Class<T> type, String what) {
        try {
            return STRICT.treeToValue(node, type);
        } catch (JsonMappingException e) {
            String detail = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll(" \\(class [^)]*\\), not marked as ignorable.*", "")
                    .replaceAll(" \\(but (might|could) if coercion.*", "");
            throw new ManifestException(what + ": " + detail + " at " + path(e), e);
        } catch (Exception e) {
            throw new ManifestException(what + ": " + e.getMessage(), e);
        }
    }

    /** The failing field as a path into the object, e.g. spec.template.spec.containers[0].imagePullPolicyy. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(root)" : path.toString();
    }

    public static String describe(JsonNode resource) {
        return resource.path("kind").asText("?") + " " + resource.path("metadata").path("name").asText("?");
    }
}
