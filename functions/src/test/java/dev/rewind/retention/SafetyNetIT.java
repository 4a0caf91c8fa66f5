package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.common.RewindConfig;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Emulator;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/** The chunk bucket's lifecycle rule: what the sweep and TTL ever miss, S3 deletes, and never too early. */
class SafetyNetIT {

    @Test
    void theChunkBucketExpiresEveryObjectAfterTheLongestRetentionAndAbortsStaleUploads() {
        // given the chunk bucket as the bootstrap (and the CDK app) define it
        RewindConfig config = Emulator.freshConfig();

        // when its lifecycle configuration is read back from S3
        List<LifecycleRule> rules = Emulator.S3
                .getBucketLifecycleConfiguration(r -> r.bucket(config.chunksBucket()))
                .rules();

        // then one enabled rule covers the whole bucket, expires objects only after the longest retention
        // plus the day a late chunk may arrive, and aborts incomplete multipart uploads
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED);
            assertThat(rule.filter().prefix()).isEmpty();
            assertThat(rule.expiration().days()).isEqualTo(ChunkBucket.LIFECYCLE_EXPIRE_DAYS);
            assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation())
                    .isEqualTo(ChunkBucket.ABORT_INCOMPLETE_UPLOAD_DAYS);
        });
        assertThat(ChunkBucket.LIFECYCLE_EXPIRE_DAYS).isGreaterThan(Collections.max(Tenant.RETENTION_CHOICES) + 1);
        Stored.drop(config);
    }
}
