package io.github.hapismart.sample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first handler of the sample server: it lets the port answer from the moment it opens. Until the application
 * is {@linkplain #open(Handler) open}, and again once it is {@linkplain #close() closing}, every request is answered
 * at once with {@code 503} and {@code Retry-After}, in the form its client reads (a FHIR OperationOutcome under
 * {@code /fhir}, an OAuth error elsewhere), so nothing hangs while HAPI starts and a load balancer sends it elsewhere.
 * It also serves the health endpoints: {@code /health/live} (200 while the process serves HTTP, with its state and
 * the number of requests in the application) and
 * {@code /health/ready} (200 only while requests are being served; the target of a load balancer's health check).
 */
final class ReadinessGate extends Handler.Wrapper {

    /** Seconds a client is asked to wait before retrying a refused request. */
    static final int RETRY_AFTER_SECONDS = 5;

    private enum State { STARTING, READY, STOPPING }

    private volatile State state = State.STARTING;
    private final AtomicInteger inFlight = new AtomicInteger();

    ReadinessGate() {
        super(true); // dynamic: the application is put in place after the server has started
    }

    /** Puts the started application behind the gate and lets requests through. */
    void open(Handler application) throws Exception {
        setHandler(application);
        if (!application.isStarted()) {
            application.start();
        }
        state = State.READY;
    }

    /** From now on new requests are refused with 503 (requests already in the application complete). */
    void close() {
        state = State.STOPPING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        State now = state;
        if (path.equals("/health/live")) {
            return answer(response, callback, 200, "application/json", "{\"status\":\"" + now
                    + "\",\"inFlight\":" + inFlight.get() + "}");
        }
        if (path.equals("/health/ready")) {
            return answer(response, callback, now == State.READY ? 200 : 503, "application/json", "{\"status\":\"" + now + "\"}");
        }
        if (now != State.READY) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            String reason = now == State.STARTING ? "The server is starting" : "The server is stopping";
            if (path.startsWith("/fhir")) {
                return answer(response, callback, 503, "application/fhir+json", operationOutcome(reason));
            }
            return answer(response, callback, 503, "application/json", "{\"error\":\"temporarily_unavailable\","
                    + "\"error_description\":\"" + reason + "; retry in " + RETRY_AFTER_SECONDS + " s\"}");
        }
        inFlight.incrementAndGet();
        Request.addCompletionListener(request, failure -> inFlight.decrementAndGet());
        return super.handle(request, response, callback);
    }

    private static String operationOutcome(String reason) {
        return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"transient\","
                + "\"diagnostics\":\"" + reason + "; retry in " + RETRY_AFTER_SECONDS + " s\"}]}";
    }

    private static boolean answer(Response response, Callback callback, int status, String contentType,
                                  String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + ";charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
