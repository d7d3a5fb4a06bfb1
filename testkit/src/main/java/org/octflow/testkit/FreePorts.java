package org.octflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports nobody listens on right now, for servers started by tests and the local stack. */
public final class FreePorts {
    private FreePorts() {
    }

    /** Ports already handed out by this JVM: the OS may offer a just-closed ephemeral port again. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A free port not handed out before by this JVM: two calls in a row once gave a broker the same port for its
     * client and controller listeners (Kafka refused to format its storage).
     */
    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free local port", e);
            }
        }
        throw new IllegalStateException("the OS kept offering ports already handed out; free some local ports");
    }

    /** {@code count} consecutive free ports, the first returned (a local cluster's nodes take two each). */
    public static int nextBlock(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = 20_000 + random.nextInt(30_000);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = isFree(port);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free local ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
