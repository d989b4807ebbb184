package io.github.hapismart.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthTablesTest {

    @Test
    void readRowShowsRatesRatioAndCpuDifferenceWithThousandsSeparators() {
        String table = GrowthTables.reads(List.of(new GrowthTables.ReadRow(10_000, "GET Patient/{id}", 3126.4,
                3208.0, 0.98649, 1481.2, 1456.0)));

        assertEquals(List.of(
                "| patient's Observations | scenario | SMART | baseline | median ratio | server CPU per request SMART "
                        + "/ baseline |",
                "|---|---|---|---|---|---|",
                "| 10,000 | GET Patient/{id} | 3,126/s | 3,208/s | 0.986 | 1,481 / 1,456 µs (+25 µs) |"),
                table.lines().toList());
    }

    @Test
    void tokenRowShowsStoreSizesRateLatencyAndCpu() {
        String table = GrowthTables.tokens(List.of(new GrowthTables.TokenRow("PostgreSQL", 1_000_000, 10_000,
                "client_credentials", 1520.2, 21_480, 824.4, 0)));

        assertEquals("| PostgreSQL | 1,000,000 | 10,000 | client_credentials | 1,520/s | 21.5 ms | 824 µs | 0 |",
                table.lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void tablesHaveOneRowPerValueInTheGivenOrder() {
        String table = GrowthTables.tokens(List.of(
                new GrowthTables.TokenRow("H2", 0, 10_000, "client_credentials", 1, 1, 1, 0),
                new GrowthTables.TokenRow("H2", 100_000, 10_000, "client_credentials", 1, 1, 1, 0)));

        assertEquals(List.of("0", "100,000"), table.lines().skip(2).map(l -> l.split(" \\| ")[1]).toList());
    }
}
