package com.example.paubox.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail relay on loopback whose answer to {@code RCPT TO} a test chooses: {@code 451} to defer,
 * {@code 550} to refuse, {@code 250} to accept. Plain SMTP, no STARTTLS, so the receiver under
 * test runs with {@code paubox.email.require-tls=false}. GreenMail accepts every recipient, so
 * the relay's refusals need this.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private volatile String recipientReply = "250 2.1.5 OK";
    private final AtomicInteger recipientsAsked = new AtomicInteger();
    private final AtomicInteger messagesAccepted = new AtomicInteger();

    public ScriptedSmtpServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The whole reply line to every {@code RCPT TO} from now on, e.g. {@code "451 4.3.0 try later"}. */
    public void answerRecipientsWith(String reply) {
        recipientReply = reply;
    }

    public int recipientsAsked() {
        return recipientsAsked.get();
    }

    public int messagesAccepted() {
        return messagesAccepted.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> converse(client), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client;
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 scripted.example.test ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-scripted.example.test\r\n250 8BITMIME");
                    case "RCPT" -> {
                        recipientsAsked.incrementAndGet();
                        reply(out, recipientReply);
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                            // the message itself is not kept
                        }
                        messagesAccepted.incrementAndGet();
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "250 2.0.0 OK"); // HELO, MAIL, RSET, NOOP
                }
            }
        } catch (IOException hungUp) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
