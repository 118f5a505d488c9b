package io.uring4j.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The Netty 4.2 HTTP "hello" server over one of Netty's native transports, with N event-loop
 * threads in one group: the server channel is registered on one of them (which accepts) and the
 * accepted channels are spread over all N round-robin, Netty's usual layout. The pipeline is the usual one for this test:
 * {@link HttpServerCodec} (full HTTP parsing) and a handler that writes a prepared
 * {@link FullHttpResponse} per request and flushes once per read batch. The response bytes on
 * the wire are those of {@link HttpExchange#RESPONSE}.
 */
public final class NettyHttpServer implements HttpServer {
    /** Netty's native transports compared here. */
    public enum Transport {
        /** {@link IoUringIoHandler}: Netty's own io_uring transport. */
        IO_URING,
        /** {@link EpollIoHandler}: Netty's epoll transport. */
        EPOLL
    }

    private static final int BACKLOG = 4096; // somaxconn default: 4,096 connects at once, no SYN retries
    private static final long SHUTDOWN_QUIET_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private final EventLoopGroup group;
    private final Channel channel;
    private final int port;

    private NettyHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Starts the server with {@code threads} event loops on 127.0.0.1:{@code port} (0: any free
     * port); returns once it listens.
     *
     * @throws IllegalArgumentException when threads is not positive
     * @throws UnsatisfiedLinkError (from Netty) when the transport's native library cannot load
     */
    public static NettyHttpServer start(Transport transport, int port, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1; was " + threads);
        }
        IoHandlerFactory handlers;
        Class<? extends ServerChannel> channelType;
        if (transport == Transport.IO_URING) {
            IoUring.ensureAvailability();
            handlers = IoUringIoHandler.newFactory();
            channelType = IoUringServerSocketChannel.class;
        } else {
            Epoll.ensureAvailability();
            handlers = EpollIoHandler.newFactory();
            channelType = EpollServerSocketChannel.class;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, handlers);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), Hello.INSTANCE);
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .syncUninterruptibly()
                    .channel();
            return new NettyHttpServer(group, channel);
        } catch (RuntimeException | Error e) {
            group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void awaitFailure() throws InterruptedException {
        channel.closeFuture().await();
        throw new IllegalStateException("the listening channel closed", channel.closeFuture().cause());
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .syncUninterruptibly();
    }

    /** Answers every request with the canned response; requests carry no body. */
    @ChannelHandler.Sharable
    private static final class Hello extends ChannelInboundHandlerAdapter {
        static final Hello INSTANCE = new Hello();

        private static final AsciiString CONTENT_LENGTH = AsciiString.cached(HttpExchange.CONTENT_LENGTH);
        private static final AsciiString CONTENT_TYPE = AsciiString.cached(HttpExchange.CONTENT_TYPE);
        private static final AsciiString LENGTH_VALUE = AsciiString.cached(
                Integer.toString(HttpExchange.BODY.length()));
        private static final AsciiString TEXT_PLAIN = AsciiString.cached(HttpExchange.TEXT_PLAIN);
        /** Prepared once; each request writes a retained duplicate (shared content, own indexes). */
        private static final FullHttpResponse RESPONSE = prepare();

        private static FullHttpResponse prepare() {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(
                            HttpExchange.BODY.getBytes(StandardCharsets.US_ASCII))));
            r.headers().set(CONTENT_LENGTH, LENGTH_VALUE);
            r.headers().set(CONTENT_TYPE, TEXT_PLAIN);
            return r;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                ctx.write(RESPONSE.retainedDuplicate(), ctx.voidPromise());
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
