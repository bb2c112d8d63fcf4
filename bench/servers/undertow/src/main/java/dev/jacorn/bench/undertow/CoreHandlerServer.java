package dev.jacorn.bench.undertow;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine's limit: the hello WAR's three benchmark endpoints written as undertow-core
 * {@link HttpHandler}s that answer on the I/O thread (no servlet layer, no hand-off to a worker
 * thread). Nothing a servlet container does can be cheaper on this engine, so a servlet
 * container's ratio to this contestant is how close it comes to the engine itself.
 *
 * <ul>
 *   <li>{@code GET /hello} (and {@code /}): {@code Hello, world!\n}, {@code text/plain;charset=UTF-8}.</li>
 *   <li>{@code POST /echo}: the request body, read whole without blocking, sent back with its content type.</li>
 *   <li>{@code GET /static-64k.txt}: the WAR's file, read into memory once at start (a resource
 *       cache at its best), with its length and {@code text/plain}.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp undertow-server.jar dev.jacorn.bench.undertow.CoreHandlerServer
 * HELLO_WAR_OR_DIR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]}.
 */
public final class CoreHandlerServer {

    private static final ByteBuffer HELLO = ByteBuffer.wrap("Hello, world!\n".getBytes(StandardCharsets.UTF_8));

    private CoreHandlerServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CoreHandlerServer HELLO_WAR_OR_DIR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]");
            System.exit(2);
        }
        Path root = BareUndertowServer.explode(Path.of(args[0]));
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(root.resolve("static-64k.txt")));
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";

        HttpHandler hello = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain;charset=UTF-8");
            exchange.getResponseSender().send(HELLO.duplicate());
        };
        PathHandler paths = new PathHandler()
                .addExactPath("/", hello)
                .addExactPath("/hello", hello)
                .addExactPath("/echo", CoreHandlerServer::echo)
                .addExactPath("/static-64k.txt", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(file.duplicate());
                });
        Undertow.Builder builder = Undertow.builder().addHttpListener(port, host).setHandler(paths);
        if (args.length >= 6) {
            builder.addHttpsListener(Integer.parseInt(args[3]), host, Tls.context(Path.of(args[4]), args[5]));
        }
        builder.build().start();
        System.out.println("undertow-core listening on http://" + host + ":" + port);
    }

    private static void echo(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            exchange.endExchange();
            return;
        }
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
            ex.getResponseSender().send(ByteBuffer.wrap(body));
        });
    }
}
