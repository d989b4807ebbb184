package io.github.hapismart.sample;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Benchmark only (on with {@code benchmark-baseline}): the CPU time and the bytes allocated <em>by the request's own
 * thread</em> while it handles each request to {@code /fhir} and to {@code /fhir-baseline}, summed per side and served
 * as JSON at {@code /bench-meter} (loopback clients only).
 *
 * <p>Why: the process's CPU time (what the benchmark also reports) includes garbage collection, the JIT and every
 * background thread of HAPI and H2, which swing from run to run by more than the few microseconds the plugin adds to
 * a read. The request thread's CPU time, read with {@code ThreadMXBean} ({@code CLOCK_THREAD_CPUTIME_ID}, nanosecond
 * resolution) around the whole filter chain, is what the request itself cost, including every filter and interceptor
 * of the plugin; the allocated bytes show the garbage it leaves for the collector. The filter is the first in the
 * chain, so it covers the plugin's CORS filter too; what Jetty does before and after the chain is the same on both
 * sides and not counted.
 */
final class RequestCostMeter implements Filter {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Side smart = new Side();
    private final Side baseline = new Side();

    RequestCostMeter() {
        if (!threads.isCurrentThreadCpuTimeSupported() || !threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("This JVM cannot measure a thread's CPU time and allocations");
        }
        threads.setThreadCpuTimeEnabled(true);
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    /** The running totals of one side; {@link LongAdder}s, so counting never makes request threads wait. */
    private static final class Side {
        final LongAdder requests = new LongAdder();
        final LongAdder cpuNanos = new LongAdder();
        final LongAdder allocatedBytes = new LongAdder();

        String json() {
            return "{\"requests\":%d,\"cpuNanos\":%d,\"allocatedBytes\":%d}".formatted(requests.sum(),
                    cpuNanos.sum(), allocatedBytes.sum());
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Side side = sideOf(((HttpServletRequest) request).getRequestURI());
        if (side == null) {
            chain.doFilter(request, response);
            return;
        }
        long cpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        try {
            chain.doFilter(request, response);
        } finally {
            side.allocatedBytes.add(threads.getCurrentThreadAllocatedBytes() - allocated);
            side.cpuNanos.add(threads.getCurrentThreadCpuTime() - cpu);
            side.requests.increment();
        }
    }

    private Side sideOf(String path) {
        if (path.startsWith("/fhir-baseline/")) {
            return baseline;
        }
        return path.startsWith("/fhir/") ? smart : null;
    }

    /**
     * Puts the meter first in {@code context}'s filter chain for {@code /fhir/*} and {@code /fhir-baseline/*} (ahead of
     * every filter already added, the plugin's CORS filter included) and serves its totals at {@code /bench-meter} to
     * loopback clients.
     */
    void installOn(ServletContextHandler context) {
        FilterHolder holder = new FilterHolder(this);
        holder.setName("bench-meter");
        context.getServletHandler().addFilter(holder);
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName("bench-meter");
        mapping.setPathSpecs(new String[] {"/fhir/*", "/fhir-baseline/*"});
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        context.getServletHandler().prependFilterMapping(mapping);
        context.addServlet(new ServletHolder("bench-meter", servlet()), "/bench-meter");
        context.addFilter(new FilterHolder(new LoopbackOnlyFilter()), "/bench-meter",
                EnumSet.of(DispatcherType.REQUEST));
    }

    /** {@code GET /bench-meter}: both sides' totals since the server started. */
    private HttpServlet servlet() {
        return new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/json");
                response.getWriter().write("{\"smart\":" + smart.json() + ",\"baseline\":" + baseline.json() + "}");
            }
        };
    }
}
