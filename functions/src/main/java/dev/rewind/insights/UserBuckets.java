package dev.rewind.insights;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Users affected, counted without keeping a user id: each user id sets one of {@link #BITS} bits of a
 * hotspot's bitmap (linear counting). Setting a bit twice changes nothing, the bitmaps of several days
 * are OR-ed, and the estimate is exact while users are few (a handful of collisions at a few hundred).
 */
public final class UserBuckets {
    private UserBuckets() {}

    public static final int BITS = 1024;
    public static final int BYTES = BITS / 8;

    public static int bucket(String userId) {
        CRC32 crc = new CRC32();
        crc.update(userId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BITS);
    }

    public static byte[] with(byte[] bitmap, int bucket) {
        byte[] out = bitmap == null ? new byte[BYTES] : bitmap.clone();
        out[bucket / 8] |= (byte) (1 << (bucket % 8));
        return out;
    }

    /** {@code into} OR-ed with {@code bitmap}, in place. */
    public static void orInto(byte[] into, byte[] bitmap) {
        if (bitmap != null) {
            for (int i = 0; i < Math.min(into.length, bitmap.length); i++) {
                into[i] |= bitmap[i];
            }
        }
    }

    /** The number of distinct users the bitmap holds: its set bits while few, the linear-counting estimate beyond. */
    public static int estimate(byte[] bitmap) {
        if (bitmap == null) {
            return 0;
        }
        int set = 0;
        for (byte b : bitmap) {
            set += Integer.bitCount(b & 0xff);
        }
        int empty = BITS - set;
        if (empty == 0) {
            return (int) Math.round(BITS * Math.log(BITS));
        }
        return (int) Math.round(-BITS * Math.log((double) empty / BITS));
    }
}
