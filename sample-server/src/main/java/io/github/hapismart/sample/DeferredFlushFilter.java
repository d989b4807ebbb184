package io.github.hapismart.sample;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Sends a FHIR response when Jetty's buffer fills or the response ends, not at each flush the FHIR servlet asks for.
 *
 * <p>Why: HAPI's JSON writer writes each field's value through Jackson's {@code ObjectMapper}, which flushes after
 * each value it writes ({@code SerializationFeature.FLUSH_AFTER_WRITE_VALUE}, on by default), and a flush of Jetty's
 * response writer sends what it holds as a TCP write at once. A page of ten Observations thus left in many small
 * writes, and on loopback the kernel's delivery of those writes took about a third of the search's CPU and varied
 * with scheduling from run to run. The flushes are not needed for correctness: Jetty still sends whenever its
 * buffer is full (so a large or streamed response goes out as it is written) and sends the rest when the servlet
 * returns. An explicit {@link HttpServletResponse#flushBuffer()} still sends at once.
 */
final class DeferredFlushFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response instanceof HttpServletResponse http ? new Response(http) : response);
    }

    /** The response as the servlet sees it: its writer and output stream ignore {@code flush()}. */
    private static final class Response extends HttpServletResponseWrapper {
        private PrintWriter writer;
        private ServletOutputStream stream;

        Response(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new FilterWriter(super.getWriter()) {
                    @Override
                    public void flush() {
                        // Deferred: Jetty sends when its buffer fills and when the response ends.
                    }
                }, false);
            }
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new DeferredFlushStream(super.getOutputStream());
            }
            return stream;
        }
    }

    /** The servlet's output stream, but for {@code flush()}, which does nothing. */
    private static final class DeferredFlushStream extends ServletOutputStream {
        private final ServletOutputStream out;

        DeferredFlushStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            // Deferred: Jetty sends when its buffer fills and when the response ends.
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
