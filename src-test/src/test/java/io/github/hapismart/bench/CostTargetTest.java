package io.github.hapismart.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's judgement of the plugin's request-thread cost, and the medians it is read from. */
class CostTargetTest {

    @Test
    void aFixedTargetAllowsUpToItsMicroseconds() {
        assertTrue(Report.CostTarget.micros(15).met(515, 500));
    }

    @Test
    void aFixedTargetRefusesMore() {
        assertFalse(Report.CostTarget.micros(15).met(515.5, 500));
    }

    @Test
    void aShareTargetIsAShareOfTheBaseline() {
        assertTrue(Report.CostTarget.share(0.02).met(2_040, 2_000));
    }

    @Test
    void aShareTargetRefusesMoreThanItsShare() {
        assertFalse(Report.CostTarget.share(0.02).met(2_041, 2_000));
    }

    @Test
    void theMedianOfAnOddCountIsItsMiddleValue() {
        assertEquals(3.0, Report.median(new double[] {9, 3, -4}));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Report.median(new double[] {4, 1, 2, 3}));
    }

    @Test
    void aSidesP99IsTheMedianOfItsRoundsWithTheWorstBeside() {
        java.util.List<Report.ReadRound> rounds = java.util.stream.LongStream.of(20_000, 344_500, 21_000, 19_000,
                22_000).mapToObj(p99 -> new Report.ReadRound(result(p99), null, result(1_000), null)).toList();
        assertEquals("21.0 ms, worst round 344.5 ms", Report.p99(rounds, Report.ReadRound::smart));
    }

    private static Wrk.Result result(long p99Micros) {
        return new Wrk.Result(1, 1, 0, 0, 1, p99Micros, 1);
    }
}
