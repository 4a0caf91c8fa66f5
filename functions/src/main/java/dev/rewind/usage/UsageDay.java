package dev.rewind.usage;

/** What a tenant stored on one day (UTC): sessions started, chunks stored and their gzip bytes. */
public record UsageDay(String day, long sessions, long chunks, long bytes) {}
