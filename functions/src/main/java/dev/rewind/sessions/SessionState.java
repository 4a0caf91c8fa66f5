package dev.rewind.sessions;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rewind.api.Json;
import dev.rewind.frustration.Frustration;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SessionState {
    long startedAt;
    long endedAt;
    String entryUrl;
    List<String> urls = new ArrayList<>();
    int eventCount;
    int clickCount;
    int errorCount;
    int chunkCount;
    String userId;
    String userAgent;
    List<Frustration> frustrations = new ArrayList<>();

    public static SessionState empty() { return new SessionState(); }
    public static SessionState fromJson(String json) {
        try { return Json.MAPPER.readValue(json, SessionState.class); } catch (Exception e) { throw new IllegalStateException(e); }
    }
    public String toJson() { return Json.write(this); }

    public long startedAt() { return startedAt; }
    public long endedAt() { return endedAt; }
    public long durationMs() { return Math.max(0, endedAt - startedAt); }
    public String entryUrl() { return entryUrl; }
    public List<String> urls() { return urls; }
    public int pageCount() { return urls.size(); }
    public int eventCount() { return eventCount; }
    public int clickCount() { return clickCount; }
    public int rageClickCount() { return 0; }
    public int deadClickCount() { return 0; }
    public int errorClickCount() { return 0; }
    public int errorCount() { return errorCount; }
    public SortedSet<String> flags() { return new TreeSet<>(); }
    public String userId() { return userId; }
    public String browser() { return null; }
    public String os() { return null; }
    public String device() { return null; }
    public List<Frustration> frustrations() { return frustrations; }
    public int chunkCount() { return chunkCount; }
}
