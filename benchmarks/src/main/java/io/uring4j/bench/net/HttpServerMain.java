package io.uring4j.bench.net;

/**
 * Runs one benchmark HTTP server until the process is killed:
 * {@code HttpServerMain <uring4j|netty-io_uring|netty-epoll|nio> [port [threads]]} (port 0 or
 * absent: any free port; threads: server threads, default 1). Prints {@code listening on PORT}
 * once it accepts connections.
 */
public final class HttpServerMain {
    private HttpServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: HttpServerMain <" + String.join("|", HttpServer.IMPLEMENTATIONS)
                    + "> [port [threads]]");
            System.exit(2);
        }
        int port = args.length >= 2 ? Integer.parseInt(args[1]) : 0;
        int threads = args.length == 3 ? Integer.parseInt(args[2]) : 1;
        HttpServer server = HttpServer.start(args[0], port, threads);
        System.out.println("server threads " + threads);
        System.out.println("listening on " + server.port());
        System.out.flush();
        try {
            server.awaitFailure(); // returns only by throwing: normally the process is killed first
        } catch (IllegalStateException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
