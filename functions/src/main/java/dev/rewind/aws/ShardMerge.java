package dev.rewind.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The merge of a sharded index's pages (docs/DATA-MODEL.md, "Sharded indexes"): each shard is read with the
 * same limit and its entries come back in start-key order; the merge interleaves them in that order and keeps
 * only what is certainly next, so a page of the merged index is what one unsharded Query would have read.
 */
final class ShardMerge {
    private ShardMerge() {}

    /**
     * One shard's Query page: its entries in the query's order, and the start key where the Query stopped when
     * the shard has more ({@code LastEvaluatedKey}), null when it was read to its end. A shard not read this
     * time (its cursor says it is done) has no page: null in the list of pages.
     */
    record ShardPage(List<SessionItem> entries, String lastEvaluated) {}

    /**
     * An entry of the merged order and the shard it came from. A {@code duplicate} is the same session seen
     * again in another shard (its entry moving from the unsharded key to its shard, the index not yet caught
     * up): it moves that shard's position on but is not part of the page.
     */
    record Taken(int shard, SessionItem entry, boolean duplicate) {}

    /** A shard's place in a list: not started, after a start key (exclusive), or read to its end. */
    record Position(String after, boolean done) {
        static final Position START = new Position(null, false);
        static final Position DONE = new Position(null, true);

        static Position after(String startKey) {
            return new Position(startKey, false);
        }

        static List<Position> start(int shards) {
            List<Position> positions = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                positions.add(START);
            }
            return positions;
        }
    }

    /**
     * The entries of {@code pages} in one order (newest first, or oldest first), at most {@code max} of them
     * not duplicates. An entry is taken only while no shard that has more could still hold one before it: past
     * the first start key where a shard with more stopped, the order is not known yet. Each shard read with
     * limit {@code max} therefore yields {@code max} entries, or all there are. Equal start keys (one session in
     * two shards) come in shard order.
     */
    static List<Taken> merge(List<ShardPage> pages, boolean newestFirst, int max) {
        Comparator<String> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        List<Taken> all = new ArrayList<>();
        String bound = null;
        for (int shard = 0; shard < pages.size(); shard++) {
            ShardPage page = pages.get(shard);
            if (page == null) {
                continue;
            }
            for (SessionItem entry : page.entries()) {
                all.add(new Taken(shard, entry, false));
            }
            if (page.lastEvaluated() != null && (bound == null || order.compare(page.lastEvaluated(), bound) < 0)) {
                bound = page.lastEvaluated();
            }
        }
        all.sort(Comparator.comparing((Taken t) -> t.entry().getStartKey(), order)
                .thenComparingInt(Taken::shard));
        List<Taken> merged = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int taken = 0;
        for (Taken t : all) {
            if (bound != null && order.compare(t.entry().getStartKey(), bound) > 0) {
                break;
            }
            boolean duplicate = !seen.add(t.entry().getPk());
            if (!duplicate && taken == max) {
                break;
            }
            merged.add(new Taken(t.shard(), t.entry(), duplicate));
            if (!duplicate) {
                taken++;
            }
        }
        return merged;
    }

    /**
     * Each shard's position once the first {@code consumed} entries of {@code merged} have been used: after
     * the last of them it gave, done when it gave all it read and had no more, where it was when none of them
     * was its own.
     */
    static List<Position> next(List<Position> before, List<ShardPage> pages, List<Taken> merged, int consumed) {
        List<Position> next = new ArrayList<>();
        for (int shard = 0; shard < pages.size(); shard++) {
            ShardPage page = pages.get(shard);
            if (page == null) {
                next.add(before.get(shard));
                continue;
            }
            String last = null;
            int used = 0;
            for (Taken t : merged.subList(0, consumed)) {
                if (t.shard() == shard) {
                    last = t.entry().getStartKey();
                    used++;
                }
            }
            if (used == page.entries().size() && page.lastEvaluated() == null) {
                next.add(Position.DONE);
            } else if (last != null) {
                next.add(Position.after(last));
            } else if (page.entries().isEmpty()) {
                next.add(Position.after(page.lastEvaluated()));
            } else {
                next.add(before.get(shard));
            }
        }
        return next;
    }

    /**
     * Where a walk that read every shard from one place goes on from once it used all of {@code merged}: the
     * start key of the last entry used, or, when none was taken, the first place a shard with more stopped;
     * null when every shard was read to its end.
     */
    static String walkNext(List<ShardPage> pages, List<Taken> merged, boolean newestFirst) {
        List<Position> next = next(Position.start(pages.size()), pages, merged, merged.size());
        if (next.stream().allMatch(Position::done)) {
            return null;
        }
        if (!merged.isEmpty()) {
            return merged.get(merged.size() - 1).entry().getStartKey();
        }
        Comparator<String> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return pages.stream()
                .filter(p -> p != null && p.lastEvaluated() != null)
                .map(ShardPage::lastEvaluated)
                .min(order)
                .orElseThrow();
    }
}
