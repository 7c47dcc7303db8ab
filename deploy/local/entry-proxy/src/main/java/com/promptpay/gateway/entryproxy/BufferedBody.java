package com.promptpay.gateway.entryproxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Reads a request's whole body before a connection to the service is taken, as the Ingress does by default
 * (nginx's proxy_request_buffering). Streamed instead, a body whose chunked framing breaks before its first chunk
 * leaves the upstream request reset before it was ever written, and Vert.x then never returns that connection to
 * the pool: five such requests (the pool's size) and the service behind them stopped answering through the entry.
 * A body that cannot be read is the client's fault: 400, and no service sees it.
 */
final class BufferedBody implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        HttpServerRequest incoming = context.request().proxiedRequest();
        if (!declaresBody(incoming)) {
            return context.sendRequest();
        }
        Upstream upstream = Routes.route(incoming.path()).orElseThrow();
        return read(incoming, upstream).compose(body -> {
            context.request().setBody(Body.body(body));
            return context.sendRequest();
        }, unreadable -> refused(incoming, unreadable));
    }

    private static boolean declaresBody(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.CONTENT_LENGTH) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    /** The body, or a failure once it breaks, ends early or grows past what the service takes (chunked has no length). */
    private static Future<Buffer> read(HttpServerRequest request, Upstream upstream) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > upstream.maxBodyBytes) {
                request.handler(null);
                read.tryFail(new TooLarge(upstream));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(read::tryFail);
        request.endHandler(ignored -> read.tryComplete(body));
        request.resume();
        return read.future();
    }

    /**
     * Answers on the connection itself, not through the proxy: vertx-http-proxy pipes a response it is given, and when
     * that write fails (the client left, which broken framing often means) it resets the upstream request, which
     * never existed here, and logs a NullPointerException per request. The proxy is left waiting on a future that
     * never completes; the connection closes behind the answer, and the request goes with it.
     */
    private static Future<ProxyResponse> refused(HttpServerRequest incoming, Throwable cause) {
        String problem = cause instanceof TooLarge tooLarge ? Problem.tooLarge(tooLarge.upstream)
                : Problem.json(400, "Bad Request", "The request body could not be read: its framing is broken.");
        incoming.response().setStatusCode(cause instanceof TooLarge ? 413 : 400).putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problem);
        return Promise.<ProxyResponse>promise().future();
    }

    private static final class TooLarge extends RuntimeException {
        final transient Upstream upstream;

        TooLarge(Upstream upstream) {
            super("body over " + upstream.maxBodyBytes + " bytes", null, false, false);
            this.upstream = upstream;
        }
    }
}
