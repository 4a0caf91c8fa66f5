package dev.rewind.sessions;

import java.util.List;

/** One page of a session list, newest first, and the cursor of the next page (null at the end). */
public record SessionPage(List<SessionRecord> sessions, String nextCursor) {}
