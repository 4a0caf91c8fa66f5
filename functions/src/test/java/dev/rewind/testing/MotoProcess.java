package dev.rewind.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto server of the test's own, from the repository's .venv, on a spare port: a test can stop it
 * and start an empty one in its place (what an emulator restart is), which it must never do to the
 * shared {@link Emulator}.
 *
 * <p>{@link Mode#ONE_REQUEST_AT_A_TIME} serves requests one after the other. moto checks a condition
 * (S3's {@code If-None-Match: *}, DynamoDB's condition expressions) and then writes, without a lock, so
 * two concurrent conditional writes can both succeed (measured: about 1 round in 200 of 8 concurrent
 * S3 puts). S3 and DynamoDB decide such writes atomically; served one at a time, moto does too.
 */
public final class MotoProcess implements AutoCloseable {
    public enum Mode {
        CONCURRENT,
        ONE_REQUEST_AT_A_TIME
    }

    /** moto's own server, with every request handled under one lock. */
    private static final String ONE_AT_A_TIME = String.join(
            "\n",
            "import sys, threading",
            "from werkzeug.serving import run_simple",
            "from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app",
            "app = DomainDispatcherApplication(create_backend_app)",
            "lock = threading.Lock()",
            "def one_at_a_time(environ, start_response):",
            "    with lock:",
            "        return [b''.join(app(environ, start_response))]",
            "run_simple('127.0.0.1', int(sys.argv[1]), one_at_a_time, threaded=True, request_handler=MotoRequestHandler)");

    private static final long START_DEADLINE_MS = 30_000;

    private final Mode mode;
    private final int port;
    private final Path venv;
    private Process process;

    private MotoProcess(Mode mode) throws IOException {
        this.mode = mode;
        this.venv = findVenv();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    public static MotoProcess start(Mode mode) throws IOException, InterruptedException {
        MotoProcess moto = new MotoProcess(mode);
        moto.start();
        return moto;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops this moto and starts an empty one on the same port: every table and bucket is gone. */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /** Stops it: its port refuses connections until {@link #restart()}. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void start() throws IOException, InterruptedException {
        List<String> command = mode == Mode.CONCURRENT
                ? List.of(venv.resolve("bin/moto_server").toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                : List.of(venv.resolve("bin/python").toString(), "-c", ONE_AT_A_TIME, String.valueOf(port));
        File log = Files.createTempFile("moto-" + port + "-", ".log").toFile();
        log.deleteOnExit();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        long deadline = System.currentTimeMillis() + START_DEADLINE_MS;
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto did not start: " + Files.readString(log.toPath()));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "moto did not answer on port " + port + " within " + START_DEADLINE_MS + " ms");
            }
            Thread.sleep(50);
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint().toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2_000);
            connection.getResponseCode();
            connection.disconnect();
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The repository's .venv (scripts/setup.sh makes it), found from the module's directory upwards. */
    private static Path findVenv() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(".venv/bin/moto_server"))) {
                return dir.resolve(".venv");
            }
        }
        throw new IllegalStateException(".venv/bin/moto_server not found: run scripts/setup.sh");
    }
}
