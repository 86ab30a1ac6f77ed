// Open-model HTTP load generator for POST /webhooks/paubox (JDK only, Java 17+; single-file source launcher).
//
//   java bench/OpenLoad.java --url 'http://127.0.0.1:18080/webhooks/paubox?token=bench-token' \
//        --rate 1000 --duration 20 [--warmup 3] [--connections 64] [--timeout 10] [--timeline FILE]
//
// wrk (bench/run.sh) is a closed model: a slow server slows the generator down and hides its own
// queueing. Here request i is due at start + i/rate whatever the server does, and its latency is
// measured from that due time (not from when it was actually written), so a backlog in the
// server, in the connection pool or in this generator shows up as latency (no coordinated omission).
//
// Mechanics: --connections worker threads, each owning one HTTP/1.1 keep-alive connection (plain
// blocking socket, request bytes written by hand, response parsed by status line and Content-Length
// or chunked encoding). A worker takes the next index from a shared counter, parks until that
// request's due time, sends it, reads the whole response and records the latency. At most
// --connections requests are in flight; a request that falls due while all are busy waits and its
// latency keeps counting. The connection is reopened when the server closes it (for example
// Tomcat's keep-alive request limit); a request that finds a reused connection already closed by the
// server before any response byte arrived is retried once on a fresh connection.
//
// Bodies: the four Paubox event kinds in rotation, each with a unique payload.id
// (start time in ms * 1000 + request index, so repeated runs never repeat ids).
//
// Timeouts keep an overloaded run bounded: a request still unanswered (or still unsent) --timeout
// seconds after its due time is abandoned. It is counted in errors= and enters the percentiles with
// its latency at abandonment (a lower bound), so overload shows as huge percentiles, never as
// missing samples. Connection errors (refused, reset) are counted in errors= and excluded from the
// percentiles.
//
// Output: exactly one line on stdout, diagnostics on stderr:
//   RESULT offered=1000 achieved=998.7 requests=20000 non2xx=0 errors=0 p50_ms=1.23 p99_ms=4.56 p999_ms=9.87 max_ms=12.34 cpu_ms=5678
// requests = measured requests that got an HTTP response (any status); achieved = requests / measured
// window (from the first measured due time to the last measured completion, at least --duration).
// Percentiles are nearest-rank over the measured requests. Warm-up requests (same rate) are excluded.
// cpu_ms = CPU time this load generator used (its share of a machine it shares with the server).
// Exit code 0 whatever the server did; 2 on bad arguments.
//
// Tip: generator and server share the machine; the stderr "send lag" line (actual write time minus
// due time) shows how late requests left, which includes waiting for a free connection.

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

public class OpenLoad {

    static final String[] KINDS = {"api_mail_log_delivered", "api_mail_log_temporary_failure",
            "api_mail_log_permanent_failure", "api_mail_log_opened"};

    // outcome of a measured request
    static final byte PENDING = 0, OK = 1, NON2XX = 2, ERROR = 3, TIMEOUT = 4;

    // configuration
    static String urlArg;
    static double rate = -1, duration = -1, warmup = 3, timeoutSeconds = 10;
    static int connections = 64;
    static InetSocketAddress address;
    static String target, hostHeader;

    // schedule
    static long warmupN, measuredN, total;
    static double nsPerRequest;
    static volatile long startNs;
    static long idBase;
    static final AtomicLong next = new AtomicLong();

    // measured results, indexed by (i - warmupN); each slot written by exactly one worker,
    // read by main after join()
    static int[] latencyUs, sendLagUs;
    static String timeline; // --timeline FILE: per-second percentiles
    static byte[] outcome;

    static final LongAdder completedAll = new LongAdder();
    static final LongAdder reconnects = new LongAdder();
    static final LongAdder retries = new LongAdder();
    static volatile String firstError;

    public static void main(String[] args) throws Exception {
        try {
            parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("OpenLoad: " + e.getMessage());
            usage();
            System.exit(2);
        }

        warmupN = Math.round(warmup * rate);
        measuredN = Math.round(duration * rate);
        if (measuredN < 1 || measuredN > Integer.MAX_VALUE - 16) {
            System.err.println("OpenLoad: rate * duration must be between 1 and " + (Integer.MAX_VALUE - 16));
            usage();
            System.exit(2);
        }
        total = warmupN + measuredN;
        nsPerRequest = 1e9 / rate;
        idBase = System.currentTimeMillis() * 1000;
        latencyUs = new int[(int) measuredN];
        sendLagUs = new int[(int) measuredN];
        outcome = new byte[(int) measuredN];

        System.err.printf(Locale.ROOT, "OpenLoad: %s offered=%s/s warmup=%ss duration=%ss connections=%d timeout=%ss (%d + %d requests)%n",
                urlArg, plain(rate), plain(warmup), plain(duration), connections, plain(timeoutSeconds), warmupN, measuredN);

        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(connections);
        Worker[] workers = new Worker[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Worker(connected, go, finished);
            Thread t = new Thread(workers[w], "openload-" + w);
            t.setDaemon(true);
            workers[w].thread = t;
            t.start();
        }
        connected.await();
        startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        go.countDown();

        long measureStart = due(warmupN);
        boolean announcedMeasure = warmupN == 0;
        long lastReport = startNs;
        while (!finished.await(250, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            if (!announcedMeasure && now >= measureStart) {
                announcedMeasure = true;
                System.err.println("OpenLoad: warm-up done, measuring");
            }
            if (now - lastReport >= TimeUnit.SECONDS.toNanos(5)) {
                lastReport = now;
                long dueSoFar = Math.min(total, Math.max(0, (long) Math.floor((now - startNs) / nsPerRequest) + 1));
                long done = completedAll.sum();
                System.err.printf(Locale.ROOT, "OpenLoad: t=%.1fs due=%d completed=%d outstanding=%d%n",
                        (now - startNs) / 1e9, dueSoFar, done, Math.max(0, dueSoFar - done));
            }
        }
        for (Worker w : workers) w.thread.join();

        report(workers, measureStart);
        System.exit(0);
    }

    static long due(long i) {
        return startNs + (long) (i * nsPerRequest);
    }

    // ---------------------------------------------------------------- worker

    static final class Worker implements Runnable {
        final CountDownLatch connected, go, finished;
        Thread thread;
        Conn conn;
        long lastMeasuredCompletion = Long.MIN_VALUE;

        Worker(CountDownLatch connected, CountDownLatch go, CountDownLatch finished) {
            this.connected = connected;
            this.go = go;
            this.finished = finished;
        }

        @Override
        public void run() {
            try {
                try {
                    conn = Conn.open();
                } catch (IOException e) {
                    noteError("pre-connect: " + e);
                } finally {
                    connected.countDown();
                }
                go.await();
                loop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (conn != null) conn.close();
                finished.countDown();
            }
        }

        void loop() {
            final long timeoutNs = (long) (timeoutSeconds * 1e9);
            long i;
            while ((i = next.getAndIncrement()) < total) {
                long due = due(i);
                long d;
                while ((d = due - System.nanoTime()) > 0) LockSupport.parkNanos(d);
                long sent = System.nanoTime();
                if (sent - due >= timeoutNs) { // abandoned while waiting for a free connection
                    record(i, TIMEOUT, due, sent, sent);
                    continue;
                }
                byte[] request = request(i);
                byte result;
                for (int attempt = 0; ; attempt++) {
                    boolean reused = conn != null && conn.uses > 0;
                    long remainingMs = (timeoutNs - (System.nanoTime() - due)) / 1_000_000;
                    if (remainingMs <= 0) {
                        result = TIMEOUT;
                        break;
                    }
                    try {
                        if (conn == null) {
                            conn = Conn.open();
                            reconnects.increment();
                        }
                        conn.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs));
                        conn.responseStarted = false;
                        conn.out.write(request);
                        int status = conn.readResponse();
                        if (conn.mustClose) closeConn();
                        result = status >= 200 && status < 300 ? OK : NON2XX;
                        break;
                    } catch (SocketTimeoutException e) {
                        closeConn();
                        result = TIMEOUT;
                        break;
                    } catch (IOException e) {
                        boolean stale = reused && attempt == 0 && !conn.responseStarted;
                        closeConn();
                        if (stale) { // server closed an idle keep-alive connection: retry once
                            retries.increment();
                            continue;
                        }
                        noteError(e.toString());
                        result = ERROR;
                        break;
                    }
                }
                long end = System.nanoTime();
                record(i, result, due, sent, end);
            }
        }

        void closeConn() {
            if (conn != null) conn.close();
            conn = null;
        }

        void record(long i, byte result, long due, long sent, long end) {
            completedAll.increment();
            if (i < warmupN) return;
            int m = (int) (i - warmupN);
            outcome[m] = result;
            latencyUs[m] = toUs(end - due);
            sendLagUs[m] = toUs(sent - due);
            if (result == OK || result == NON2XX) lastMeasuredCompletion = Math.max(lastMeasuredCompletion, end);
        }
    }

    static int toUs(long nanos) {
        long us = Math.max(0, nanos) / 1000;
        return (int) Math.min(Integer.MAX_VALUE, us);
    }

    static void noteError(String message) {
        if (firstError == null) {
            synchronized (OpenLoad.class) {
                if (firstError == null) {
                    firstError = message;
                    System.err.println("OpenLoad: first error: " + message);
                }
            }
        }
    }

    static byte[] request(long i) {
        String body = "{\"event_name\":\"" + KINDS[(int) (i % 4)] + "\",\"payload\":{\"id\":" + (idBase + i)
                + ",\"subject\":\"Benchmark\",\"time\":\"2026-11-27T20:27:25.379Z\",\"from\":\"bench@sender.example.com\","
                + "\"to\":\"r" + (i % 500) + "@patient.example.net\"}}";
        String head = "POST " + target + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.ISO_8859_1); // all ASCII
    }

    // ---------------------------------------------------------------- HTTP/1.1 connection

    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[16 * 1024];
        int pos, lim;
        long uses;
        boolean responseStarted, mustClose;
        private final StringBuilder line = new StringBuilder(128);

        private Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Conn open() throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(address, (int) Math.min(5000, Math.max(1, timeoutSeconds * 1000)));
                return new Conn(s);
            } catch (IOException e) {
                try { s.close(); } catch (IOException ignored) { }
                throw e;
            }
        }

        void close() {
            try { socket.close(); } catch (IOException ignored) { }
        }

        boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) return false;
            pos = 0;
            lim = n;
            responseStarted = true;
            return true;
        }

        int read() throws IOException {
            if (pos == lim && !fill()) return -1;
            return buf[pos++] & 0xff;
        }

        /** A CRLF (or LF) terminated line without its terminator; null on end of stream before any byte. */
        String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = read()) != '\n') {
                if (c < 0) {
                    if (line.length() == 0) return null;
                    throw new EOFException("connection closed inside a line");
                }
                if (line.length() > 16 * 1024) throw new IOException("response line too long");
                line.append((char) c);
            }
            int n = line.length();
            if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
            return line.toString();
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == lim && !fill()) throw new EOFException("connection closed inside the body");
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
            }
        }

        /** Reads one full response; returns its status and sets mustClose if the server closes the connection. */
        int readResponse() throws IOException {
            while (true) {
                String statusLine = readLine();
                if (statusLine == null) throw new EOFException("connection closed before the response");
                // "HTTP/1.1 200 OK"
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12)
                    throw new IOException("bad status line: " + statusLine);
                boolean http10 = statusLine.charAt(7) == '0';
                int status;
                try {
                    status = Integer.parseInt(statusLine.substring(9, 12));
                } catch (NumberFormatException e) {
                    throw new IOException("bad status line: " + statusLine);
                }
                long contentLength = -1;
                boolean chunked = false;
                boolean close = http10;
                String h;
                while (!(h = readLineOrFail()).isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) continue;
                    String name = h.substring(0, colon).trim();
                    String value = h.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("bad Content-Length: " + value);
                        }
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (name.equalsIgnoreCase("Connection")) {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) close = true;
                        else if (v.contains("keep-alive")) close = false;
                    }
                }
                if (status >= 100 && status < 200) continue; // interim response: the real one follows
                if (status == 204 || status == 304) {
                    // no body
                } else if (chunked) {
                    readChunked();
                } else if (contentLength >= 0) {
                    skip(contentLength);
                } else { // delimited by close
                    pos = lim;
                    while (fill()) pos = lim;
                    close = true;
                }
                uses++;
                mustClose = close;
                return status;
            }
        }

        String readLineOrFail() throws IOException {
            String s = readLine();
            if (s == null) throw new EOFException("connection closed inside the headers");
            return s;
        }

        void readChunked() throws IOException {
            while (true) {
                String sizeLine = readLineOrFail();
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + sizeLine);
                }
                if (size == 0) {
                    while (!readLineOrFail().isEmpty()) { } // trailers
                    return;
                }
                skip(size);
                if (!readLineOrFail().isEmpty()) throw new IOException("missing CRLF after chunk");
            }
        }
    }

    // ---------------------------------------------------------------- report

    static void report(Worker[] workers, long measureStart) throws IOException {
        long lastCompletion = Long.MIN_VALUE;
        for (Worker w : workers) lastCompletion = Math.max(lastCompletion, w.lastMeasuredCompletion);

        int n = (int) measuredN;
        int[] lat = new int[n];
        int[] lag = new int[n];
        int k = 0, lagK = 0;
        long ok = 0, non2xx = 0, errors = 0, timeouts = 0, pending = 0;
        for (int m = 0; m < n; m++) {
            switch (outcome[m]) {
                case OK: ok++; break;
                case NON2XX: non2xx++; break;
                case ERROR: errors++; break;
                case TIMEOUT: timeouts++; break;
                default: pending++;
            }
            if (outcome[m] == OK || outcome[m] == NON2XX || outcome[m] == TIMEOUT) {
                lat[k++] = latencyUs[m];
            }
            if (outcome[m] != PENDING) lag[lagK++] = sendLagUs[m];
        }
        lat = Arrays.copyOf(lat, k);
        lag = Arrays.copyOf(lag, lagK);
        Arrays.sort(lat);
        Arrays.sort(lag);

        long responses = ok + non2xx;
        double window = duration;
        if (lastCompletion != Long.MIN_VALUE) window = Math.max(window, (lastCompletion - measureStart) / 1e9);
        double achieved = responses / window;

        System.err.printf(Locale.ROOT, "OpenLoad: measured %d: 2xx=%d non2xx=%d connection_errors=%d timeouts=%d%s; window=%.2fs%n",
                measuredN, ok, non2xx, errors, timeouts, pending > 0 ? " unaccounted=" + pending : "", window);
        System.err.printf(Locale.ROOT, "OpenLoad: latency ms p90=%.2f p99.99=%.2f mean=%.2f; send lag ms p50=%.2f p99=%.2f max=%.2f; reconnects=%d stale_retries=%d%n",
                pct(lat, 0.90), pct(lat, 0.9999), mean(lat), pct(lag, 0.50), pct(lag, 0.99),
                lag.length == 0 ? 0.0 : lag[lag.length - 1] / 1000.0, reconnects.sum(), retries.sum());
        if (k == 0) System.err.println("OpenLoad: no latency samples (all requests failed); percentiles printed as 0");
        if (timeline != null) writeTimeline(n);

        System.out.printf(Locale.ROOT,
                "RESULT offered=%s achieved=%.1f requests=%d non2xx=%d errors=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f cpu_ms=%d%n",
                plain(rate), achieved, responses, non2xx, errors + timeouts,
                pct(lat, 0.50), pct(lat, 0.99), pct(lat, 0.999), k == 0 ? 0.0 : lat[k - 1] / 1000.0, cpuMillis());
        System.out.flush();
    }

    /** CPU time used by this process so far, in milliseconds; -1 where the JVM cannot tell. */
    static long cpuMillis() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1_000_000;
        }
        return -1;
    }

    /**
     * --timeline: one line per second of due time (second, requests, p50, p99, max ms, send-lag
     * p99 ms), so that a tail can be told apart as a few stalls or as a steady spread.
     */
    static void writeTimeline(int n) throws IOException {
        int perSecond = (int) Math.max(1, Math.round(rate));
        StringBuilder out = new StringBuilder("# second requests p50_ms p99_ms max_ms send_lag_p99_ms\n");
        for (int from = 0, second = 0; from < n; from += perSecond, second++) {
            int to = Math.min(n, from + perSecond);
            int[] lat = new int[to - from], lag = new int[to - from];
            int k = 0;
            for (int m = from; m < to; m++) {
                if (outcome[m] == OK || outcome[m] == NON2XX || outcome[m] == TIMEOUT) {
                    lat[k] = latencyUs[m];
                    lag[k++] = sendLagUs[m];
                }
            }
            lat = Arrays.copyOf(lat, k);
            lag = Arrays.copyOf(lag, k);
            Arrays.sort(lat);
            Arrays.sort(lag);
            out.append(String.format(Locale.ROOT, "%d %d %.2f %.2f %.2f %.2f%n", second, k, pct(lat, 0.5), pct(lat, 0.99),
                    k == 0 ? 0.0 : lat[k - 1] / 1000.0, pct(lag, 0.99)));
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(timeline), out);
    }

    /** Nearest-rank percentile of sorted microsecond samples, in ms. */
    static double pct(int[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    static double mean(int[] v) {
        if (v.length == 0) return 0;
        double s = 0;
        for (int x : v) s += x;
        return s / v.length / 1000.0;
    }

    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- arguments

    static void parseArgs(String[] args) {
        for (int a = 0; a < args.length; a++) {
            String arg = args[a];
            if (arg.equals("-h") || arg.equals("--help")) {
                usage();
                System.exit(0);
            }
            String name, value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg;
                if (a + 1 >= args.length) throw new IllegalArgumentException("missing value for " + arg);
                value = args[++a];
            }
            switch (name) {
                case "--url": urlArg = value; break;
                case "--rate": rate = positive(name, value); break;
                case "--duration": duration = positive(name, value); break;
                case "--warmup": warmup = number(name, value); break;
                case "--timeout": timeoutSeconds = positive(name, value); break;
                case "--timeline": timeline = value; break;
                case "--connections":
                    try {
                        connections = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--connections must be an integer: " + value);
                    }
                    if (connections < 1 || connections > 10_000)
                        throw new IllegalArgumentException("--connections must be 1..10000");
                    break;
                default: throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (urlArg == null) throw new IllegalArgumentException("--url is required");
        if (rate < 0) throw new IllegalArgumentException("--rate is required");
        if (duration < 0) throw new IllegalArgumentException("--duration is required");
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0");

        URI uri;
        try {
            uri = new URI(urlArg);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad --url: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null)
            throw new IllegalArgumentException("--url must be http://host[:port]/path (no https)");
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        hostHeader = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + port;
        try {
            address = new InetSocketAddress(InetAddress.getByName(uri.getHost()), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + uri.getHost());
        }
    }

    static double number(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + value);
        }
    }

    static double positive(String name, String value) {
        double d = number(name, value);
        if (d <= 0) throw new IllegalArgumentException(name + " must be > 0");
        return d;
    }

    static void usage() {
        System.err.println("usage: java bench/OpenLoad.java --url http://HOST:PORT/PATH?QUERY --rate PER_SECOND --duration SECONDS"
                + " [--warmup SECONDS (3)] [--connections N (64)] [--timeout SECONDS (10)] [--timeline FILE]");
    }
}
