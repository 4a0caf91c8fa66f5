package dev.rewind.insights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Where a replay shows a hotspot: the session and its first frustration there (epoch ms, and ms from the session's start). */
public record Moment(String sessionId, long at, long offsetMs) {

    /** The latest {@code max} moments with {@code added} among them, one per session, newest first. */
    static List<Moment> latest(List<Moment> moments, Moment added, int max) {
        List<Moment> all = new ArrayList<>(moments.size() + 1);
        for (Moment m : moments) {
            if (!m.sessionId().equals(added.sessionId())) {
                all.add(m);
            }
        }
        all.add(added);
        all.sort(Comparator.comparingLong(Moment::at).reversed());
        return List.copyOf(all.subList(0, Math.min(max, all.size())));
    }
}
