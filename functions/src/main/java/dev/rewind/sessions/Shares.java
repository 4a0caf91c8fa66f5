package dev.rewind.sessions;

import dev.rewind.common.Refused;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Share links: a token that reads one session, read-only and without signing in, until it expires or
 * the session is gone. Only the token's hash is stored, like every key (docs/SECURITY.md).
 */
public final class Shares {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    public static final Duration MAX_VALIDITY = Duration.ofDays(30);

    private final TenantStore tenants;
    private final SessionReader reader;
    private final Clock clock;

    /** A new share link's token (shown once) and when it stops working. */
    public record Share(String token, Instant expiresAt) {}

    public Shares(TenantStore tenants, SessionReader reader, Clock clock) {
        this.tenants = tenants;
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * A token for one of the tenant's visible sessions, valid for {@code validity} (at most
     * {@link #MAX_VALIDITY}). The validity is asked for once the session is found: a share of a session
     * that is not there is refused as such, whatever else the request says.
     */
    public Share create(Tenant tenant, String sessionId, Supplier<Duration> validity) {
        reader.visible(tenant, sessionId).orElseThrow(() -> Refused.notFound("session"));
        Duration validFor = validity.get();
        if (validFor.compareTo(MAX_VALIDITY) > 0 || validFor.isNegative()) {
            throw new IllegalArgumentException("a share link lasts at most " + MAX_VALIDITY.toDays() + " days");
        }
        String token = Keys.newKey(KeyKind.SHARE);
        Instant expiresAt = clock.instant().plus(validFor);
        tenants.putShare(Keys.hash(token), tenant.tenantId(), sessionId, expiresAt.getEpochSecond());
        return new Share(token, expiresAt);
    }

    /** The session a token shares; NOT_FOUND once it expired, for an unknown token, or when the session is gone. */
    public SessionReader.Detail open(String token) {
        KeyGrant grant = tenants.findKey(Keys.hash(token))
                .filter(g -> g.kind() == KeyKind.SHARE)
                .filter(g -> g.expiresAtEpochSeconds() > clock.instant().getEpochSecond())
                .orElseThrow(() -> Refused.notFound("share link"));
        Tenant tenant = tenants.find(grant.tenantId()).orElseThrow(() -> Refused.notFound("share link"));
        return reader.detail(tenant, grant.sessionId());
    }
}
