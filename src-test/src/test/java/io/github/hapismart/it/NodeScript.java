package io.github.hapismart.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the independent JavaScript clients in {@code src-test/js} with Node.js, unchanged, and talks to it
 * over its standard input and output (one JSON object per line).
 */
public final class NodeScript implements AutoCloseable {

    /** Where the pinned npm packages and the client scripts live. */
    public static final Path JS_DIR = Path.of("js").toAbsolutePath();

    private final Process process;
    private final BufferedReader output;
    private final Writer input;
    private final ObjectMapper json = new ObjectMapper();

    private NodeScript(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code node <script> <args>} in the js folder with extra environment variables. */
    public static NodeScript start(String script, Map<String, String> environment, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "node";
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(JS_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        try {
            return new NodeScript(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Node.js is needed for the interoperability tests", e);
        }
    }

    /** The next line the script prints, parsed as JSON. */
    public JsonNode readJson() {
        try {
            String line = output.readLine();
            if (line == null) {
                throw new IllegalStateException("The script ended without output (exit " + exitCode() + ")");
            }
            return json.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one line to the script's standard input. */
    public void writeLine(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int exitCode() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
