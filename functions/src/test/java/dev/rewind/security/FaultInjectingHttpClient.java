package dev.rewind.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client under an AWS SDK client, with faults a test switches on: every request answered with
 * the service's own throttling error (S3's {@code 503 SlowDown}, DynamoDB's
 * {@code ProvisionedThroughputExceededException}) without reaching the emulator, or held back before it
 * goes (a slow service). Everything above it — the SDK's error parsing, its retries, its call timeout —
 * runs as it does in production.
 */
final class FaultInjectingHttpClient implements SdkHttpClient {
    enum Fault {
        NONE,
        THROTTLE,
        SLOW
    }

    /** A canned error response, as the service sends it. */
    record Throttling(int status, String contentType, String body) {
        static final Throttling S3_SLOW_DOWN = new Throttling(
                503,
                "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message><RequestId>fault-injected</RequestId></Error>");
        static final Throttling DYNAMODB_THROUGHPUT = new Throttling(
                400,
                "application/x-amz-json-1.0",
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                        + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}");
    }

    private final SdkHttpClient delegate;
    private final Throttling throttling;
    private final long slowMillis;
    private volatile Fault fault = Fault.NONE;
    /** Requests the fault answered or held: the SDK's attempts, retries included. */
    final AtomicInteger faulted = new AtomicInteger();

    FaultInjectingHttpClient(SdkHttpClient delegate, Throttling throttling, long slowMillis) {
        this.delegate = delegate;
        this.throttling = throttling;
        this.slowMillis = slowMillis;
    }

    void set(Fault fault) {
        this.fault = fault;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Fault now = fault;
        if (now == Fault.NONE) {
            return delegate.prepareRequest(request);
        }
        faulted.incrementAndGet();
        if (now == Fault.THROTTLE) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = throttling.body().getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder()
                                    .statusCode(throttling.status())
                                    .putHeader("Content-Type", throttling.contentType())
                                    .putHeader("Content-Length", String.valueOf(body.length))
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }
        ExecutableHttpRequest slow = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    // the SDK's call timeout interrupts a call that takes too long
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the service was slow", e);
                }
                return slow.call();
            }

            @Override
            public void abort() {
                slow.abort();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
