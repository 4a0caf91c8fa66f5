package dev.rewind.testing;

import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.ResourceBootstrap;
import dev.rewind.aws.UserPools;
import dev.rewind.common.RewindConfig;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS emulator the integration tests run against (moto via `make test`, or LocalStack / AWS when
 * AWS_ENDPOINT_URL says so). Each test gets tables, a bucket and a user pool of its own, created from the same
 * definitions as production, so tests never see each other's data.
 */
public final class Emulator {
    public static final S3Client S3;
    public static final DynamoDbClient DYNAMO;
    public static final CognitoIdentityProviderClient COGNITO;

    static {
        if (System.getenv("AWS_ENDPOINT_URL") == null && System.getenv("REWIND_TEST_REAL_AWS") == null) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: run the tests with `make test`, which starts "
                    + "the emulator, or point AWS_ENDPOINT_URL at a running one");
        }
        S3 = AwsClients.s3();
        DYNAMO = AwsClients.dynamoDb();
        COGNITO = AwsClients.cognito();
    }

    private Emulator() {}

    /** Fresh, empty resources and the wiring over them. */
    public static Rewind freshRewind(Clock clock) {
        RewindConfig config = freshConfig();
        return Rewind.create(config, clock);
    }

    public static RewindConfig freshConfig() {
        String prefix = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        RewindConfig config =
                UserPools.create(COGNITO, RewindConfig.fromEnvironment().withPrefix(prefix), prefix);
        ResourceBootstrap.create(DYNAMO, S3, config);
        return config;
    }
}
