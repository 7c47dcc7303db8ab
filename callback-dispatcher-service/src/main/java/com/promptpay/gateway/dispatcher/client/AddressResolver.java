package com.promptpay.gateway.dispatcher.client;

import java.net.InetAddress;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Turns a host name into addresses, once per attempt; the SSRF guard checks every address and the client
 * connects to the one it checked, never resolving again. Behind an interface so tests can answer with any
 * address without touching DNS (and without ever connecting to it).
 */
public interface AddressResolver {

    /** Every address the name has; a failure or an empty list when it has none. Never blocks the caller. */
    Uni<List<InetAddress>> resolve(String host);
}
