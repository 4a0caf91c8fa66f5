package dev.rewind.sessions;

import dev.rewind.common.Refused;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.ShareLink;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
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

    /** A new share link's token (shown once), its id (for listing and revoking) and when it stops working. */
    public record Share(String token, String id, Instant expiresAt) {}

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
        // stored in whole seconds (the TTL attribute), so said in whole seconds: what a listing shows too
        Instant expiresAt = clock.instant().plus(validFor).truncatedTo(ChronoUnit.SECONDS);
        String hash = Keys.hash(token);
        tenants.putShare(hash, tenant.tenantId(), sessionId, expiresAt.getEpochSecond());
        return new Share(token, ShareLink.idOf(hash), expiresAt);
    }

    /** The session's share links that still work, the one expiring last first; NOT_FOUND for a session not there. */
    public List<ShareLink> list(Tenant tenant, String sessionId) {
        reader.visible(tenant, sessionId).orElseThrow(() -> Refused.notFound("session"));
        long now = clock.instant().getEpochSecond();
        return tenants.shares(tenant.tenantId(), sessionId).stream()
                .filter(link -> link.expiresAtEpochSeconds() > now)
                .sorted(Comparator.comparingLong(ShareLink::expiresAtEpochSeconds)
                        .reversed())
                .toList();
    }

    /** Revokes one share link of the session: it stops working at once. NOT_FOUND when the session or the link is not there. */
    public void revoke(Tenant tenant, String sessionId, String shareId) {
        reader.visible(tenant, sessionId).orElseThrow(() -> Refused.notFound("session"));
        if (!tenants.deleteShare(tenant.tenantId(), sessionId, shareId)) {
            throw Refused.notFound("share link");
        }
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
