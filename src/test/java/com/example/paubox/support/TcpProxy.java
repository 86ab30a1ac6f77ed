package com.example.paubox.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a real server (PostgreSQL, an SMTP relay), that a test can
 * cut and restore: cut closes every relayed connection and refuses new ones, as a database that
 * went away does; restore listens again on the same port. It counts the connections it relayed.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile ServerSocket server;
    private int port;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listen(0);
    }

    public int port() {
        return port;
    }

    /** How many connections clients have opened through the proxy so far. */
    public int connections() {
        return accepted.get();
    }

    /** The database "goes away": established connections are reset, new ones refused. */
    public synchronized void cut() throws IOException {
        server.close();
        dropConnections();
    }

    /** The server hangs up on every client it has (as on idle ones), and still takes new ones. */
    public synchronized void dropConnections() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** The database is back, on the same address. */
    public synchronized void restore() throws IOException {
        listen(port);
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void listen(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        server = socket;
        port = socket.getLocalPort();
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                // Under the lock cut() takes: a connection accepted just before a cut is either
                // closed here or in the list cut() closes, never left open (Hikari opens its
                // connections in the background, so one may arrive at the very moment).
                synchronized (this) {
                    if (socket.isClosed()) {
                        client.close();
                        return;
                    }
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    accepted.incrementAndGet();
                    open.add(client);
                    open.add(target);
                    pump(client, target);
                    pump(target, client);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                }
            } catch (IOException ended) {
                // either side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }
}
