package io.github.hapismart.bench;

import java.util.List;
import java.util.Locale;

/**
 * The growth figures as Markdown tables, ready for {@code docs/benchmarks.md}: reads by the number of a patient's
 * Observations, and the token endpoint by the number of stored refresh tokens. Pure formatting: one row per value,
 * in the given order, numbers with thousands separators.
 */
final class GrowthTables {

    /** A read scenario measured for a patient with {@code observations} Observations. */
    record ReadRow(int observations, String scenario, double smartPerSecond, double baselinePerSecond,
                   double medianRatio, double smartCpuMicros, double baselineCpuMicros) {
    }

    /**
     * A token grant measured on {@code database} with {@code refreshTokens} stored refresh tokens and
     * {@code clients} registered clients; {@code failures} counts non-2xx answers and socket errors.
     */
    record TokenRow(String database, long refreshTokens, long clients, String grant, double perSecond,
                    long p99Micros, double cpuMicros, long failures) {
    }

    private GrowthTables() {
    }

    static String reads(List<ReadRow> rows) {
        StringBuilder out = new StringBuilder("| patient's Observations | scenario | SMART | baseline | median ratio "
                + "| server CPU per request SMART / baseline |\n|---|---|---|---|---|---|\n");
        for (ReadRow row : rows) {
            out.append(String.format(Locale.ENGLISH, "| %s | %s | %s/s | %s/s | %.3f | %s / %s µs (%+,.0f µs) |\n",
                    count(row.observations()),
                    row.scenario(), count(row.smartPerSecond()), count(row.baselinePerSecond()), row.medianRatio(),
                    count(row.smartCpuMicros()), count(row.baselineCpuMicros()),
                    row.smartCpuMicros() - row.baselineCpuMicros()));
        }
        return out.toString();
    }

    static String tokens(List<TokenRow> rows) {
        StringBuilder out = new StringBuilder("| database | stored refresh tokens | registered clients | grant | rate "
                + "| p99 | server CPU per request | failed |\n|---|---|---|---|---|---|---|---|\n");
        for (TokenRow row : rows) {
            out.append(String.format(Locale.ENGLISH, "| %s | %s | %s | %s | %s/s | %.1f ms | %s µs | %d |\n",
                    row.database(),
                    count(row.refreshTokens()), count(row.clients()), row.grant(), count(row.perSecond()),
                    row.p99Micros() / 1000.0, count(row.cpuMicros()), row.failures()));
        }
        return out.toString();
    }

    private static String count(double value) {
        return String.format(Locale.ENGLISH, "%,.0f", value);
    }
}
