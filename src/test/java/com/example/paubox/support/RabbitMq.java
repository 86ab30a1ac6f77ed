package com.example.paubox.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RabbitMQ server of this machine (127.0.0.1:5672, guest/guest; {@code .ci/run} starts it), as
 * a consumer of the receiver's exchange sees it: a queue of the test's own bound to
 * {@code paubox.events}, read with basic.get.
 */
public final class RabbitMq implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    public static final String EXCHANGE = "paubox.events";

    private final Connection connection;
    private final Channel channel;

    private RabbitMq(Connection connection) throws Exception {
        this.connection = connection;
        this.channel = connection.createChannel();
    }

    /** Skips (or, under REQUIRE_RABBITMQ, fails) the calling test without a RabbitMQ server. */
    public static RabbitMq connectOrSkip() {
        String problem;
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(HOST);
            factory.setPort(PORT);
            factory.setConnectionTimeout(3000);
            return new RabbitMq(factory.newConnection("paubox-tests"));
        } catch (Exception e) {
            problem = "no RabbitMQ on " + HOST + ":" + PORT + " (" + e.getClass().getSimpleName() + ")";
        }
        if (System.getenv("REQUIRE_RABBITMQ") != null) {
            throw new IllegalStateException("REQUIRE_RABBITMQ is set but " + problem);
        }
        assumeTrue(false, problem + ": skipping the RabbitMQ run");
        return null;
    }

    public Channel channel() {
        return channel;
    }

    /**
     * A fresh queue of the test's own, bound to the exchange for every routing key. The exchange
     * is declared first, as the receiver declares it, the way a consumer binding to it would: a
     * receiver declares it only once it connects, which may not have happened yet (on a broker
     * that no earlier test has used).
     */
    public void bindQueue(String queue) throws Exception {
        channel.exchangeDeclare(EXCHANGE, "topic", true, false, Map.of("alternate-exchange", "paubox.events.unroutable"));
        channel.queueDelete(queue);
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, EXCHANGE, "#");
    }

    /** Every message waiting in the queue, taken (and acknowledged). */
    public List<GetResponse> drain(String queue) throws Exception {
        List<GetResponse> messages = new ArrayList<>();
        for (GetResponse message = channel.basicGet(queue, true); message != null; message = channel.basicGet(queue, true)) {
            messages.add(message);
        }
        return messages;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
