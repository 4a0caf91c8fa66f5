package dev.rewind.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.aws.ShardMerge.Position;
import dev.rewind.aws.ShardMerge.ShardPage;
import dev.rewind.aws.ShardMerge.Taken;
import dev.rewind.common.Refused;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.storage.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The merge of a sharded index's pages and the cursor that carries each shard's position (docs/DATA-MODEL.md). */
class ShardMergeTest {
    private static final String TENANT = "t_merge";

    private static SessionItem entry(long startedAt, String sessionId) {
        SessionItem item = new SessionItem();
        item.setPk(SessionItem.pk(TENANT, sessionId));
        item.setSessionId(sessionId);
        item.setStartKey(SessionItem.startKey(startedAt, sessionId));
        return item;
    }

    private static List<String> ids(List<Taken> merged) {
        return merged.stream()
                .filter(t -> !t.duplicate())
                .map(t -> t.entry().getSessionId())
                .toList();
    }

    @Test
    void entriesOfEveryShardComeNewestFirstWithEqualStartTimesInSessionIdOrder() {
        // given three shards read to their ends; b and c start in the same millisecond
        List<ShardPage> pages = List.of(
                new ShardPage(List.of(entry(30, "a"), entry(10, "d")), null),
                new ShardPage(List.of(entry(20, "c")), null),
                new ShardPage(List.of(entry(20, "b"), entry(5, "e")), null));

        // when
        List<Taken> merged = ShardMerge.merge(pages, true, 10);

        // then the order is the one start-key order of an unsharded index
        assertThat(ids(merged)).containsExactly("a", "c", "b", "d", "e");
        assertThat(ShardMerge.next(Position.start(3), pages, merged, merged.size()))
                .containsOnly(Position.DONE);
    }

    @Test
    void theLimitCountsSessionsAndEachShardKeepsItsPosition() {
        // given two shards that have more than the limit of 2 each
        List<ShardPage> pages = List.of(
                new ShardPage(List.of(entry(40, "a"), entry(10, "b")), SessionItem.startKey(10, "b")),
                new ShardPage(List.of(entry(30, "c"), entry(20, "d")), SessionItem.startKey(20, "d")),
                new ShardPage(List.of(), null));

        // when 2 are taken
        List<Taken> merged = ShardMerge.merge(pages, true, 2);
        List<Position> next = ShardMerge.next(Position.start(3), pages, merged, merged.size());

        // then the first shard is after a, the second after c, the empty third done
        assertThat(ids(merged)).containsExactly("a", "c");
        assertThat(next)
                .containsExactly(
                        Position.after(SessionItem.startKey(40, "a")),
                        Position.after(SessionItem.startKey(30, "c")),
                        Position.DONE);
    }

    @Test
    void nothingIsTakenPastWhereAShardWithMoreStopped() {
        // given a shard whose Query stopped short of the limit (DynamoDB's 1 MB page) at 25
        List<ShardPage> pages = List.of(
                new ShardPage(List.of(entry(30, "a")), SessionItem.startKey(25, "x")),
                new ShardPage(List.of(entry(28, "b"), entry(20, "c"), entry(10, "d")), null));

        // when
        List<Taken> merged = ShardMerge.merge(pages, true, 3);

        // then c and d wait: the first shard may hold something between 25 and 20
        assertThat(ids(merged)).containsExactly("a", "b");
        assertThat(ShardMerge.next(Position.start(2), pages, merged, merged.size()))
                .containsExactly(
                        Position.after(SessionItem.startKey(30, "a")), Position.after(SessionItem.startKey(28, "b")));
    }

    @Test
    void aSessionSeenInTwoShardsIsTakenOnceAndMovesBothPositions() {
        // given a session moving from the unsharded key (last shard) to its shard, seen in both
        List<ShardPage> pages = List.of(
                new ShardPage(List.of(entry(20, "a"), entry(10, "b")), null),
                new ShardPage(List.of(entry(20, "a")), null));

        // when
        List<Taken> merged = ShardMerge.merge(pages, true, 1);
        List<Position> next = ShardMerge.next(Position.start(2), pages, merged, 2);

        // then it comes once, the duplicate after it, and both shards have passed it
        assertThat(merged)
                .extracting(Taken::shard, Taken::duplicate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, false), org.assertj.core.groups.Tuple.tuple(1, true));
        assertThat(next).containsExactly(Position.after(SessionItem.startKey(20, "a")), Position.DONE);
    }

    @Test
    void aShardNotUsedKeepsItsPositionAndADoneShardIsNotRead() {
        // given a page where only the first shard's entry was used (a filtered page filled at once)
        Position before = Position.after(SessionItem.startKey(50, "z"));
        List<ShardPage> pages = Arrays.asList(
                new ShardPage(List.of(entry(40, "a")), SessionItem.startKey(40, "a")),
                new ShardPage(List.of(entry(30, "b")), null),
                null);

        // when one entry is consumed
        List<Taken> merged = ShardMerge.merge(pages, true, 5);
        List<Position> next = ShardMerge.next(List.of(Position.START, before, Position.DONE), pages, merged, 1);

        // then
        assertThat(next).containsExactly(Position.after(SessionItem.startKey(40, "a")), before, Position.DONE);
    }

    @Test
    void oldestFirstWalksGoOnFromTheLastEntryTakenAndEndWhenEveryShardIsRead() {
        List<ShardPage> more = List.of(
                new ShardPage(List.of(entry(1, "a"), entry(3, "c")), SessionItem.startKey(3, "c")),
                new ShardPage(List.of(entry(2, "b"), entry(4, "d")), SessionItem.startKey(4, "d")));
        List<Taken> merged = ShardMerge.merge(more, false, 2);
        assertThat(ids(merged)).containsExactly("a", "b");
        assertThat(ShardMerge.walkNext(more, merged, false)).isEqualTo(SessionItem.startKey(2, "b"));

        List<ShardPage> last = List.of(new ShardPage(List.of(entry(5, "e")), null), new ShardPage(List.of(), null));
        List<Taken> rest = ShardMerge.merge(last, false, 2);
        assertThat(ids(rest)).containsExactly("e");
        assertThat(ShardMerge.walkNext(last, rest, false)).isNull();
    }

    @Test
    void pagingAnyShardingGivesTheUnshardedOrderInDisjointPages() {
        // given 200 sessions, many in the same millisecond, dealt over the shards and the unsharded key at random
        Random random = new Random(42);
        int partitions = Tables.INDEX_SHARDS + 1;
        List<List<SessionItem>> shards = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            shards.add(new ArrayList<>());
        }
        List<SessionItem> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SessionItem item = entry(random.nextInt(60), "s" + Integer.toString(random.nextInt(1 << 30), 36) + i);
            all.add(item);
            shards.get(random.nextInt(partitions)).add(item);
        }
        Comparator<SessionItem> newestFirst =
                Comparator.comparing(SessionItem::getStartKey).reversed();
        all.sort(newestFirst);
        shards.forEach(s -> s.sort(newestFirst));

        for (int limit : new int[] {1, 3, 7, 100}) {
            // when it is read page by page, each shard a Query of `limit` from its position
            List<String> listed = new ArrayList<>();
            List<Position> positions = Position.start(partitions);
            int pagesRead = 0;
            while (!positions.stream().allMatch(Position::done)) {
                List<ShardPage> pages = new ArrayList<>();
                for (int s = 0; s < partitions; s++) {
                    pages.add(positions.get(s).done() ? null : query(shards.get(s), positions.get(s), limit));
                }
                List<Taken> merged = ShardMerge.merge(pages, true, limit);
                listed.addAll(ids(merged));
                positions = ShardMerge.next(positions, pages, merged, merged.size());
                pagesRead++;
            }

            // then it is the unsharded order, every page full but the last
            assertThat(listed)
                    .as("limit %d", limit)
                    .containsExactlyElementsOf(
                            all.stream().map(SessionItem::getSessionId).toList());
            assertThat(pagesRead).isBetween((200 + limit - 1) / limit, (200 + limit - 1) / limit + 1);
        }
    }

    /** A Query of a sorted shard as DynamoDB answers it: up to `limit` entries after the position, and a last key when it read `limit`. */
    private static ShardPage query(List<SessionItem> shard, Position position, int limit) {
        List<SessionItem> after = shard.stream()
                .filter(e -> position.after() == null || e.getStartKey().compareTo(position.after()) < 0)
                .toList();
        List<SessionItem> page = after.subList(0, Math.min(limit, after.size()));
        return new ShardPage(
                page, page.size() == limit ? page.get(page.size() - 1).getStartKey() : null);
    }

    @Test
    void theCursorCarriesEveryShardsPositionAndRefusesWhatItDidNotWrite() {
        SessionQuery query = new SessionQuery(List.of(), 0, Long.MAX_VALUE, null, null, null, null, null, 10, null);
        DynamoSessionIndex.IndexChoice choice = DynamoSessionIndex.IndexChoice.of(TENANT, query);
        assertThat(choice.partitions()).containsExactlyElementsOf(Tables.shardKeys(TENANT));
        List<Position> positions = new ArrayList<>(Position.start(Tables.INDEX_SHARDS + 1));
        positions.set(1, Position.DONE);
        positions.set(2, Position.after(SessionItem.startKey(1_700_000_000_000L, "abc_DEF-123")));

        // a round trip keeps every position
        String cursor = DynamoSessionIndex.Cursor.encode(positions, choice);
        assertThat(DynamoSessionIndex.Cursor.decode(cursor, choice)).containsExactlyElementsOf(positions);

        // another tenant's query, another index, a position that is no start key: refused
        DynamoSessionIndex.IndexChoice other = DynamoSessionIndex.IndexChoice.of("t_other", query);
        DynamoSessionIndex.IndexChoice flagged = DynamoSessionIndex.IndexChoice.of(
                TENANT, new SessionQuery(List.of("error"), 0, Long.MAX_VALUE, null, null, null, null, null, 10, null));
        List<Position> bad = new ArrayList<>(positions);
        bad.set(0, Position.after("t_other#abc"));
        for (Runnable refused : Arrays.<Runnable>asList(
                () -> DynamoSessionIndex.Cursor.decode(cursor, other),
                () -> DynamoSessionIndex.Cursor.decode(cursor, flagged),
                () -> DynamoSessionIndex.Cursor.decode(DynamoSessionIndex.Cursor.encode(bad, choice), choice),
                () -> DynamoSessionIndex.Cursor.decode(
                        DynamoSessionIndex.Cursor.encode(positions.subList(0, 2), choice), choice),
                () -> DynamoSessionIndex.Cursor.decode("e30", choice))) {
            assertThatThrownBy(refused::run)
                    .isInstanceOf(Refused.class)
                    .extracting(e -> ((Refused) e).reason())
                    .isEqualTo(Refused.Reason.INVALID_CURSOR);
        }
    }
}
