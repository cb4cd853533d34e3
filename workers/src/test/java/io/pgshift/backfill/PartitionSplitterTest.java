package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSplitterTest {
    @Test
    void integerRangeSplitsEvenlyAndOpensBothEnds() {
        List<PartitionRange> r = PartitionSplitter.byIntegerRange(1, 100, 4, 100);
        assertEquals(4, r.size());
        assertNull(r.get(0).lower());
        assertEquals(List.of("25"), r.get(0).upper());
        assertEquals(List.of("25"), r.get(1).lower());
        assertEquals(List.of("50"), r.get(1).upper());
        assertEquals(List.of("75"), r.get(3).lower());
        assertNull(r.get(3).upper());
        assertEquals(100, r.stream().mapToLong(PartitionRange::estimatedRows).sum());
    }

    @Test
    void tinyIntegerRangeGetsFewerPartitionsWithoutEmptyOnes() {
        List<PartitionRange> r = PartitionSplitter.byIntegerRange(5, 6, 4, 2);
        assertEquals(2, r.size());
        assertEquals(List.of("5"), r.get(0).upper());
        assertEquals(List.of("5"), r.get(1).lower());
    }

    @Test
    void extremeIntegerRangeDoesNotOverflow() {
        List<PartitionRange> r = PartitionSplitter.byIntegerRange(Long.MIN_VALUE, Long.MAX_VALUE, 2, 10);
        assertEquals(List.of("-1"), r.get(0).upper());
    }

    @Test
    void sampleQuantilesBecomeBoundsAndRangesChain() {
        List<List<String>> sample = List.of(List.of("a", "1"), List.of("a", "2"), List.of("b", "1"),
                List.of("c", "1"), List.of("d", "1"), List.of("e", "1"));
        List<PartitionRange> r = PartitionSplitter.bySample(sample, 3, 600);
        assertEquals(3, r.size());
        assertEquals(List.of("a", "2"), r.get(0).upper());
        assertEquals(List.of("c", "1"), r.get(1).upper());
        for (int i = 1; i < r.size(); i++) {
            assertEquals(r.get(i - 1).upper(), r.get(i).lower(), "no gap, no overlap");
        }
        assertEquals(200, r.get(1).estimatedRows());
    }

    @Test
    void emptySampleIsOneOpenRange() {
        List<PartitionRange> r = PartitionSplitter.bySample(List.of(), 8, 0);
        assertEquals(1, r.size());
        assertNull(r.get(0).lower());
        assertNull(r.get(0).upper());
    }
}
