package com.promptpay.gateway.entryproxy;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
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

    /** Each open checkout page holds one for its event stream: Vert.x's default of five would stall the sixth shopper. */
    private static final int CONNECTIONS_PER_SERVICE = 512;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Vertx vertx;
    private final Map<Upstream, SocketAddress> origins;
    private final int connectionsPerService;
    private HttpServer server;

    public EntryProxy(Vertx vertx, Map<Upstream, URI> upstreams) {
        this(vertx, upstreams, CONNECTIONS_PER_SERVICE);
    }

    EntryProxy(Vertx vertx, Map<Upstream, URI> upstreams, int connectionsPerService) {
        this.vertx = vertx;
        this.connectionsPerService = connectionsPerService;
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
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS), new PoolOptions().setHttp1MaxSize(connectionsPerService)));
        proxy.originSelector(request -> Future.succeededFuture(origins.get(Routes.route(request.path()).orElseThrow())));
        proxy.addInterceptor(new BufferedBody());
        proxy.addInterceptor(new ForwardedHeaders());
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        return server.requestHandler(request -> {
            Optional<Upstream> upstream = Routes.route(request.path());
            if (upstream.isEmpty()) {
                notRouted(request);
            } else if (declaredLength(request) > upstream.get().maxBodyBytes) {
                tooLarge(request, upstream.get());
            } else {
                proxy.handle(request);
            }
        }).listen();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private static void notRouted(HttpServerRequest request) {
        boolean ambiguous = request.path() != null && Routes.isAmbiguous(request.path());
        int status = ambiguous ? 400 : 404;
        request.response().setStatusCode(status).putHeader("Content-Type", Problem.CONTENT_TYPE).end(Problem.json(status,
                ambiguous ? "Bad Request" : "Not Found",
                ambiguous ? "The path contains dot segments, empty segments or encoded separators." : "No service answers this path."));
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            return Long.parseLong(request.getHeader("Content-Length"));
        } catch (NumberFormatException | NullPointerException noLength) {
            return -1;
        }
    }

    /**
     * A body the service would refuse is refused here, as the Ingress refuses one over its proxy-body-size. Forwarded,
     * the service answers 413 and closes while the body is still streaming to it, which the proxy reports as a 502.
     * The body is read and dropped, so the client gets to read the answer before the connection closes.
     */
    private static void tooLarge(HttpServerRequest request, Upstream upstream) {
        request.handler(ignored -> { });
        request.response().setStatusCode(413).putHeader("Content-Type", Problem.CONTENT_TYPE)
                .putHeader("Connection", "close").end(Problem.tooLarge(upstream));
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
