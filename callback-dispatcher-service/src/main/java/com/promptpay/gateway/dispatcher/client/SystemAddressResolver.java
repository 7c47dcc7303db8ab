package com.promptpay.gateway.dispatcher.client;

import java.net.InetAddress;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The operating system's resolver ({@link InetAddress#getAllByName}), which blocks: run on a worker thread. */
@DefaultBean
@ApplicationScoped
public class SystemAddressResolver implements AddressResolver {

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        return Uni.createFrom().item(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("unknown host " + host, e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
