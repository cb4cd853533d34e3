package io.pgshift.backfill;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a key space into contiguous ranges. Invariant of every result: the first lower bound
 * and the last upper bound are null, and each range's lower bound is the previous range's
 * upper bound, so the ranges cover the whole key space with no gap and no overlap whatever
 * rows are inserted later.
 */
public final class PartitionSplitter {
    private PartitionSplitter() {
    }

    /** Even ranges of an integer key between its current {@code min} and {@code max}. */
    public static List<PartitionRange> byIntegerRange(long min, long max, int partitions, long estimatedRows) {
        requirePositive(partitions);
        List<List<String>> bounds = new ArrayList<>();
        BigInteger lo = BigInteger.valueOf(min);
        BigInteger width = BigInteger.valueOf(max).subtract(lo).add(BigInteger.ONE);
        for (int i = 1; i < partitions; i++) {
            BigInteger bound = lo.subtract(BigInteger.ONE)
                    .add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(partitions)));
            // a bound below min or at max would leave a partition with no rows at all
            if (bound.compareTo(lo) >= 0 && bound.compareTo(BigInteger.valueOf(max)) < 0) {
                addIfGreater(bounds, List.of(bound.toString()), bound);
            }
        }
        return ranges(bounds, estimatedRows);
    }

    /**
     * Ranges whose bounds are quantiles of {@code sortedSample}, a sample of distinct keys in key
     * order (as the database sorts them, which may differ from Java's string order).
     */
    public static List<PartitionRange> bySample(List<List<String>> sortedSample, int partitions, long estimatedRows) {
        requirePositive(partitions);
        List<List<String>> bounds = new ArrayList<>();
        int n = sortedSample.size();
        int previous = -1;
        for (int i = 1; i < partitions && n > 0; i++) {
            int index = (int) ((long) i * n / partitions) - 1;
            if (index > previous && index < n - 1) {
                bounds.add(sortedSample.get(index));
                previous = index;
            }
        }
        return ranges(bounds, estimatedRows);
    }

    private static void addIfGreater(List<List<String>> bounds, List<String> bound, BigInteger value) {
        if (bounds.isEmpty() || new BigInteger(bounds.get(bounds.size() - 1).get(0)).compareTo(value) < 0) {
            bounds.add(bound);
        }
    }

    private static List<PartitionRange> ranges(List<List<String>> bounds, long estimatedRows) {
        int count = bounds.size() + 1;
        List<PartitionRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<String> lower = i == 0 ? null : bounds.get(i - 1);
            List<String> upper = i == count - 1 ? null : bounds.get(i);
            long share = estimatedRows / count + (i < estimatedRows % count ? 1 : 0);
            ranges.add(new PartitionRange(i, lower, upper, share));
        }
        return List.copyOf(ranges);
    }

    private static void requirePositive(int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
    }
}
