package com.promptpay.gateway.entryproxy;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The single public entry of the local stack (the Ingress in Kubernetes): routes by path to the four
 * services, says which path it does not know in problem+json, and tells the services who asked.
 */
public final class EntryProxy {

    private final Vertx vertx;
    private final Map<Upstream, SocketAddress> origins;
    private HttpServer server;

    public EntryProxy(Vertx vertx, Map<Upstream, URI> upstreams) {
        this.vertx = vertx;
        this.origins = new EnumMap<>(Upstream.class);
        upstreams.forEach((upstream, uri) -> origins.put(upstream,
                SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost())));
    }

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("ENTRY_PROXY_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("ENTRY_PROXY_PORT", "3000"));
        Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
        for (Upstream upstream : Upstream.values()) {
            upstreams.put(upstream, URI.create(System.getenv().getOrDefault(upstream.environmentVariable, upstream.defaultUrl)));
        }
        Vertx vertx = Vertx.vertx();
        new EntryProxy(vertx, upstreams).listen(host, port)
                .onSuccess(server -> System.out.println("entry-proxy: listening on http://" + host + ":" + server.actualPort()))
                .onFailure(failure -> {
                    System.err.println("entry-proxy: cannot listen on " + host + ":" + port + ": " + failure.getMessage());
                    System.exit(1);
                });
    }

    public Future<HttpServer> listen(String host, int port) {
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient());
        proxy.originSelector(request -> Future.succeededFuture(origins.get(Routes.route(request.path()).orElseThrow())));
        proxy.addInterceptor(new ForwardedHeaders());
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        return server.requestHandler(request -> {
            Optional<Upstream> upstream = Routes.route(request.path());
            if (upstream.isPresent()) {
                proxy.handle(request);
            } else {
                notRouted(request);
            }
        }).listen();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private static void notRouted(HttpServerRequest request) {
        boolean ambiguous = request.path() != null && Routes.isAmbiguous(request.path());
        int status = ambiguous ? 400 : 404;
        JsonObject problem = new JsonObject()
                .put("type", "about:blank")
                .put("title", ambiguous ? "Bad Request" : "Not Found")
                .put("status", status)
                .put("detail", ambiguous
                        ? "The path contains dot segments, empty segments or encoded separators."
                        : "No service answers this path.");
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encode());
    }

    /** X-Forwarded-* so the services can build public URLs and log the shopper's address. */
    private static final class ForwardedHeaders implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest incoming = context.request().proxiedRequest();
            var headers = context.request().headers();
            headers.set("X-Forwarded-For", incoming.remoteAddress().hostAddress());
            headers.set("X-Forwarded-Proto", incoming.scheme());
            if (incoming.authority() != null) {
                headers.set("X-Forwarded-Host", incoming.authority().toString());
            }
            return context.sendRequest();
        }
    }
}
