package dev.rewind.insights;

/** Where a replay shows a hotspot: the session and its first frustration there (epoch ms, and ms from the session's start). */
public record Moment(String sessionId, long at, long offsetMs) {}
