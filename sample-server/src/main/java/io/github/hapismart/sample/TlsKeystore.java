package io.github.hapismart.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The keystore that HTTPS serves: the one the options name, or a self-signed localhost certificate
 * generated with the JDK's {@code keytool} on first start and kept in the data folder.
 */
final class TlsKeystore {

    private final SampleServerOptions options;

    TlsKeystore(SampleServerOptions options) {
        this.options = options;
    }

    Path path() {
        return options.keystore().orElseGet(this::selfSigned);
    }

    private Path selfSigned() {
        Path file = options.dataDir().resolve("tls").resolve("self-signed.p12");
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair",
                    "-alias", "sample-server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-validity", "825",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", options.keystorePassword(), "-keypass", options.keystorePassword()))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not create a self-signed certificate: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
