package dev.rewind.tenants;

/**
 * A person whose Cognito token was verified: the pool's subject (stable id), the email and whether
 * Cognito verified that email. Email may be null for an access token (it carries no email claim).
 */
public record User(String sub, String email, boolean emailVerified) {}
