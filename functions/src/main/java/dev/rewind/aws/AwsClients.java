package dev.rewind.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients, once per process. The SDK itself honours AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS, so the same code talks to LocalStack, moto or AWS;
 * against an emulator S3 needs path-style addresses. The URLConnection HTTP client keeps cold starts short.
 */
public final class AwsClients {
    private AwsClients() {}

    private static boolean emulated() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        String s3Endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
        return (endpoint != null && !endpoint.isBlank()) || (s3Endpoint != null && !s3Endpoint.isBlank());
    }

    /**
     * Three attempts with jittered backoff, at most 5 s per call: DynamoDB's SDK default of ten attempts
     * would hold a Lambda for seconds before the 503 that lets the recorder retry later.
     */
    private static ClientOverrideConfiguration retries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10));
    }

    public static S3Client s3() {
        return s3(null);
    }

    /** @param endpoint overrides the environment's endpoint (tests put a fault-injecting proxy here); null for none */
    public static S3Client s3(URI endpoint) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(http())
                .overrideConfiguration(retries())
                .forcePathStyle(emulated() || endpoint != null);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    public static S3Presigner s3Presigner() {
        return S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(emulated())
                        .build())
                .build();
    }

    public static DynamoDbClient dynamoDb() {
        return dynamoDb(null);
    }

    /** @param endpoint overrides the environment's endpoint; null for none */
    public static DynamoDbClient dynamoDb(URI endpoint) {
        DynamoDbClientBuilder builder =
                DynamoDbClient.builder().httpClientBuilder(http()).overrideConfiguration(retries());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Cognito's user pool API: the local bootstrap, the local runner and the tests; the functions only verify tokens. */
    public static CognitoIdentityProviderClient cognito() {
        return CognitoIdentityProviderClient.builder()
                .httpClientBuilder(http())
                .overrideConfiguration(retries())
                .build();
    }

    /** SQS, for the scheduled jobs' work queue; like the others it honours AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_SQS). */
    public static SqsClient sqs() {
        return SqsClient.builder()
                .httpClientBuilder(http())
                .overrideConfiguration(retries())
                .build();
    }

    public static DynamoDbEnhancedClient enhanced(DynamoDbClient client) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    }
}
