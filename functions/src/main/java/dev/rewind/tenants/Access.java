package dev.rewind.tenants;

import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import java.time.Clock;
import java.util.Optional;

/**
 * Resolves a console or API request to its {@link Caller}, on every request and without a cache, so
 * a removed member, a lowered role or a revoked key counts on the very next request (docs/SECURITY.md,
 * "Users and roles"). {@code Authorization: Bearer sk_...} is an api key, which names its tenant
 * (a bearer with another key's prefix is an unknown api key); any other bearer is a Cognito token, verified, and the tenant comes from {@code X-Rewind-Tenant} and
 * must hold a membership for the token's user. The ingest path never comes here: it is keyed by the
 * ingest key alone.
 */
public final class Access {
    /** The last-used time of a key is written at most this often (one UpdateItem, not one per request). */
    static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    static final String SIGNUP_KEY_NAME = "signup api key";

    private final TenantStore tenants;
    private final TeamStore teams;
    private final TokenVerifier tokens;
    private final Clock clock;

    /** @param tokens null when no user pool is configured: then only api keys sign in */
    public Access(TenantStore tenants, TeamStore teams, TokenVerifier tokens, Clock clock) {
        this.tenants = tenants;
        this.teams = teams;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * @param bearer       the bearer credential, or null
     * @param tenantHeader the X-Rewind-Tenant header, or null (ignored for api keys)
     * @param sourceIp     the caller's address, for the audit log
     */
    public Caller caller(String bearer, String tenantHeader, String sourceIp) {
        if (bearer == null || bearer.isEmpty()) {
            throw new Refused(
                    Reason.MISSING_API_KEY,
                    "send an api key as Authorization: Bearer sk_..., or a user's token with X-Rewind-Tenant");
        }
        if (isKey(bearer)) {
            return keyCaller(bearer, sourceIp);
        }
        User user = user(bearer);
        if (tenantHeader == null || tenantHeader.isBlank()) {
            throw new Refused(Reason.MISSING_TENANT, "say which organization in the X-Rewind-Tenant header");
        }
        Refused notMember = new Refused(Reason.NOT_A_MEMBER, "you are not a member of this organization");
        Member member = teams.member(tenantHeader, user.sub()).orElseThrow(() -> notMember);
        Tenant tenant = tenants.find(member.tenantId()).orElseThrow(() -> notMember);
        return new Caller(tenant, member.email(), member.role(), null, user.sub(), sourceIp);
    }

    /** The signed-in user of a Cognito token (routes that act on the user, not on one tenant). */
    public User user(String bearer) {
        if (bearer == null || bearer.isEmpty()) {
            throw new Refused(Reason.MISSING_API_KEY, "send a user's token as Authorization: Bearer <token>");
        }
        if (tokens == null || isKey(bearer)) {
            throw new Refused(Reason.INVALID_TOKEN, "this route needs a signed-in user's token, not an api key");
        }
        return tokens.verify(bearer);
    }

    /** One of our keys (any kind; only api keys sign in), not a JWT. */
    private static boolean isKey(String bearer) {
        for (KeyKind kind : KeyKind.values()) {
            if (bearer.startsWith(kind.prefix())) {
                return true;
            }
        }
        return false;
    }

    private Caller keyCaller(String key, String sourceIp) {
        String hash = Keys.hash(key);
        Optional<KeyGrant> grant = tenants.findKey(hash).filter(g -> g.kind() == KeyKind.API);
        Tenant tenant = grant.flatMap(g -> tenants.find(g.tenantId()))
                .orElseThrow(
                        () -> new Refused(Reason.UNKNOWN_API_KEY, "the api key is unknown, was rotated or revoked"));
        KeyGrant g = grant.get();
        long now = clock.millis();
        if (now - g.lastUsedAt() >= LAST_USED_RESOLUTION_MILLIS) {
            tenants.markKeyUsed(hash, now);
        }
        KeyScope scope = g.scope() == null ? KeyScope.ADMIN : g.scope();
        String actor = g.name() == null ? SIGNUP_KEY_NAME : "api key " + g.name();
        return new Caller(tenant, actor, null, scope, null, sourceIp);
    }
}
