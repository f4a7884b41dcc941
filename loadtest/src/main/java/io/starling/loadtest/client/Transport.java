package io.starling.loadtest.client;

import java.net.InetSocketAddress;

import io.netty.channel.EventLoop;

/**
 * Makes {@link StreamLink}s of one kind. {@link TransportKind} lists them; the load generator builds one transport
 * per run from its options (target address, domain, TLS, HTTP path) and asks it for one link per member.
 */
public interface Transport {
    /**
     * A new, unconnected link. It connects from {@code localAddress} (a loopback alias such as 127.0.0.2, so many
     * connections fit past one address's ephemeral port range; port 0) when {@link StreamLink#open()} is first
     * called, and reports everything to {@code handler} on {@code loop}.
     */
    StreamLink newLink(EventLoop loop, InetSocketAddress localAddress, StreamHandler handler);
}
