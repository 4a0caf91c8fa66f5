package dev.rewind.tenants;

/**
 * One recorded admin change: who ({@code actor}: a user's email or an api key's name), when, from
 * where, what ({@code action}, e.g. {@code settings.update}), on what ({@code target}), and for
 * settings the JSON before and after (else null).
 */
public record AuditEntry(
        String tenantId,
        long at,
        String actor,
        String sourceIp,
        String action,
        String target,
        String before,
        String after) {}
