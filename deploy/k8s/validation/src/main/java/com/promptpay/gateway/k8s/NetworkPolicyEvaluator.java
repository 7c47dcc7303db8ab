package com.promptpay.gateway.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Answers "may A open a connection to B on port P" under a set of NetworkPolicies, following the
 * Kubernetes semantics: a pod is isolated for a direction once any policy of that type selects it;
 * then a connection needs one rule whose peers and ports both match (empty from/to or ports mean
 * all); podSelector alone means the policy's namespace, namespaceSelector alone all pods of the
 * matching namespaces, both together the intersection; named ports resolve on the destination pod.
 * A connection needs both the source's egress and the destination's ingress to allow it.
 */
public final class NetworkPolicyEvaluator {

    /** A pod (namespace labels include kubernetes.io/metadata.name), or an address outside the cluster. */
    public record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
                           Map<String, Integer> namedPorts, String ip) {

        public static Endpoint pod(String namespace, Map<String, String> labels, Map<String, Integer> namedPorts,
                                   String ip) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, namedPorts, ip);
        }

        public static Endpoint external(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), Map.of(), ip);
        }

        boolean isPod() {
            return namespace != null;
        }
    }

    private final List<NetworkPolicy> policies;

    public NetworkPolicyEvaluator(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    public boolean allows(Endpoint source, Endpoint destination, int port, String protocol) {
        return egressAllows(source, destination, port, protocol) && ingressAllows(destination, source, port, protocol);
    }

    public boolean isolatedForIngress(Endpoint pod) {
        return policies.stream().anyMatch(p -> selects(p, pod) && hasType(p, "Ingress"));
    }

    public boolean isolatedForEgress(Endpoint pod) {
        return policies.stream().anyMatch(p -> selects(p, pod) && hasType(p, "Egress"));
    }

    boolean ingressAllows(Endpoint target, Endpoint source, int port, String protocol) {
        if (!target.isPod() || !isolatedForIngress(target)) {
            return true;
        }
        for (NetworkPolicy policy : policies) {
            if (selects(policy, target) && hasType(policy, "Ingress") && policy.getSpec().getIngress() != null) {
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    if (peersMatch(policy, rule.getFrom(), source) && portsMatch(rule.getPorts(), target, port, protocol)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    boolean egressAllows(Endpoint source, Endpoint destination, int port, String protocol) {
        if (!source.isPod() || !isolatedForEgress(source)) {
            return true;
        }
        for (NetworkPolicy policy : policies) {
            if (selects(policy, source) && hasType(policy, "Egress") && policy.getSpec().getEgress() != null) {
                for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                    if (peersMatch(policy, rule.getTo(), destination)
                            && portsMatch(rule.getPorts(), destination, port, protocol)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean selects(NetworkPolicy policy, Endpoint pod) {
        return pod.isPod()
                && pod.namespace().equals(policy.getMetadata().getNamespace())
                && matches(policy.getSpec().getPodSelector(), pod.labels());
    }

    private static boolean hasType(NetworkPolicy policy, String type) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types == null || types.isEmpty()) {
            // API default: Ingress always, Egress if the policy has egress rules
            return type.equals("Ingress") || (policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty());
        }
        return types.contains(type);
    }

    private static boolean peersMatch(NetworkPolicy policy, List<NetworkPolicyPeer> peers, Endpoint other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (other.ip() != null && inBlock(peer.getIpBlock(), other.ip())) {
                    return true;
                }
                continue;
            }
            if (!other.isPod()) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null
                    ? other.namespace().equals(policy.getMetadata().getNamespace())
                    : matches(peer.getNamespaceSelector(), other.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint destination, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!proto.equals(protocol)) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            Integer number = value.getIntVal();
            if (number == null) {
                number = destination.namedPorts().get(value.getStrVal());
                if (number == null) {
                    continue; // a named port the destination does not declare matches nothing
                }
            }
            int end = p.getEndPort() == null ? number : p.getEndPort();
            if (port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean inBlock(IPBlock block, String ip) {
        if (!inCidr(block.getCidr(), ip)) {
            return false;
        }
        if (block.getExcept() != null) {
            for (String except : block.getExcept()) {
                if (inCidr(except, ip)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** CIDR containment on IP literals only (no name resolution); IPv4 and IPv6 never match each other. */
    static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        byte[] network = literal(parts[0]);
        byte[] address = literal(ip);
        if (network.length != address.length) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        int total = network.length * 8;
        BigInteger mask = bits == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE).shiftRight(total - bits).shiftLeft(total - bits);
        return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
    }

    private static byte[] literal(String ip) {
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + ip);
        }
        try {
            byte[] bytes = InetAddress.getByName(ip).getAddress();
            if (ip.contains(":") && bytes.length == 4) {
                // Java folds ::ffff:a.b.c.d to IPv4; keep it IPv6 (::ffff:0:0/96) for CIDR purposes
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, v6, 12, 4);
                return v6;
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }
}
