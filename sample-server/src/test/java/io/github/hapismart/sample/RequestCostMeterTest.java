package io.github.hapismart.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's request meter on a real Jetty: what it counts, per side, and where it sits in the chain. */
class RequestCostMeterTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LoopbackJetty jetty;
    private String root;

    @BeforeEach
    void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        // Stands for the plugin's CORS filter: added before the meter, it must still run inside it.
        context.addFilter(new FilterHolder((Filter) (request, response, chain) -> chain.doFilter(request, response)),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        HttpServlet api = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("x".repeat(10_000)); // some allocation and CPU time to measure
            }
        };
        context.addServlet(new ServletHolder("fhir", api), "/fhir/*");
        context.addServlet(new ServletHolder("fhir-baseline", api), "/fhir-baseline/*");
        context.addServlet(new ServletHolder("other", api), "/other/*");
        new RequestCostMeter().installOn(context);
        jetty = new LoopbackJetty(context);
        root = jetty.root();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    @Test
    void countsEachSidesRequestsAndNothingElse() throws Exception {
        get("/fhir/Patient/1");
        get("/fhir-baseline/Patient/1");
        get("/fhir-baseline/Patient/2");
        get("/other/Patient/1");

        JsonNode meter = meter();
        assertEquals(1, meter.at("/smart/requests").asLong());
        assertEquals(2, meter.at("/baseline/requests").asLong());
    }

    @Test
    void measuresTheRequestThreadsAllocations() throws Exception {
        get("/fhir/Patient/1");

        assertTrue(meter().at("/smart/allocatedBytes").asLong() >= 10_000,
                "the servlet's 10,000-character answer is counted");
    }

    @Test
    void runsAheadOfTheFiltersAddedBeforeIt() {
        assertEquals("bench-meter", jetty.server().getDescendant(ServletContextHandler.class).getServletHandler()
                .getFilterMappings()[0].getFilterName());
    }

    private void get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
    }

    private JsonNode meter() throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(root + "/bench-meter"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
