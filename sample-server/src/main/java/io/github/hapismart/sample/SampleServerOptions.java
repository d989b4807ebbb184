package io.github.hapismart.sample;

import io.github.hapismart.resource.ResourceServerSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The sample server's settings, read once at start from command-line {@code --name=value} arguments,
 * system properties ({@code -Dsmart.name=value}) or environment variables ({@code SMART_NAME}), in that order.
 *
 * @param port              HTTP port ({@code smart.port}, default 8080; 0 picks a free port)
 * @param httpsPort         HTTPS port ({@code smart.https-port}); empty means no HTTPS
 * @param keystore          PKCS12 keystore for HTTPS ({@code smart.keystore}); empty means a self-signed
 *                          certificate generated on first start in the data folder
 * @param keystorePassword  password of that keystore ({@code smart.keystore-password}, default {@code changeit})
 * @param dataDir           folder for the H2 database and generated files ({@code smart.data-dir}, default {@code ./data})
 * @param publicBaseUrl     the server root as clients see it, for use behind a proxy ({@code smart.public-url});
 *                          empty means {@code http://localhost:<port>}
 * @param configFile        optional properties file declaring clients and users ({@code smart.config})
 * @param loadDemoData      whether to load the synthetic demo data at first start ({@code smart.demo-data}, default true)
 * @param reuseCachedSearchResultsMillis JPA search result reuse ({@code smart.search-cache-millis}, default 60000)
 * @param benchmarkBaseline also serve the same FHIR API <em>without any authorization</em> at {@code /fhir-baseline},
 *                          to loopback clients only, so a benchmark can measure what enforcement costs
 *                          ({@code smart.benchmark-baseline}, default false; never turn it on in production)
 * @param databaseUrl       JDBC URL of the database for HAPI and the plugin ({@code smart.database-url}); empty means
 *                          embedded H2 in {@code dataDir}; a {@code jdbc:postgresql:} URL selects PostgreSQL
 * @param databaseUsername  its user ({@code smart.database-username}); empty means {@code sa} for the embedded H2
 *                          and the driver's default otherwise
 * @param databasePassword  its password ({@code smart.database-password}); never printed by {@link #toString()}
 * @param keyEncryptionKeyFile the file holding the key that encrypts the signing keys in the database
 *                          ({@code smart.key-encryption-key-file}); empty means {@code <data-dir>/keys/key-encryption.key},
 *                          made on first start. Every node sharing a database needs the same one.
 * @param forwardedHeaders  trust {@code X-Forwarded-For}/{@code -Proto}/{@code -Host} from a reverse proxy or load
 *                          balancer ({@code smart.forwarded-headers}, default false): the login throttle then counts
 *                          the client's address, not the balancer's. Only behind a proxy that sets them.
 * @param resourceServer    resource-server mode ({@code smart.resource-server-issuer} and the other
 *                          {@code resource-server-*} options, {@link ResourceServerOptions}): the server issues no
 *                          tokens and serves no login, and accepts the access tokens of that external server;
 *                          empty means the plugin is the authorization server
 * @param identityProviders a properties file declaring upstream OpenID Connect providers users may sign in with
 *                          ({@code smart.identity-providers}; {@code identity-provider.<id>.<key>} lines,
 *                          {@code password-login}, {@code upstream-timeout}: see README and
 *                          docs/identity-providers.md); empty means the password form only
 * @param auditPatientDataAccess also audit each successful read and search of patient data (BALP PatientRead and
 *                          PatientQuery; {@code smart.audit-patient-data-access}, default false; docs/audit.md)
 */
public record SampleServerOptions(
        int port,
        Optional<Integer> httpsPort,
        Optional<Path> keystore,
        String keystorePassword,
        Path dataDir,
        Optional<String> publicBaseUrl,
        Optional<Path> configFile,
        boolean loadDemoData,
        long reuseCachedSearchResultsMillis,
        boolean benchmarkBaseline,
        Optional<String> databaseUrl,
        Optional<String> databaseUsername,
        Optional<String> databasePassword,
        Optional<Path> keyEncryptionKeyFile,
        boolean forwardedHeaders,
        Optional<ResourceServerSettings> resourceServer,
        Optional<Path> identityProviders,
        boolean auditPatientDataAccess) {

    public SampleServerOptions {
        Objects.requireNonNull(keyEncryptionKeyFile);
        Objects.requireNonNull(httpsPort);
        Objects.requireNonNull(keystore);
        Objects.requireNonNull(keystorePassword);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(publicBaseUrl);
        Objects.requireNonNull(configFile);
        Objects.requireNonNull(databaseUrl);
        Objects.requireNonNull(databaseUsername);
        Objects.requireNonNull(databasePassword);
        Objects.requireNonNull(resourceServer);
        Objects.requireNonNull(identityProviders);
        if (databaseUrl.filter(url -> !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")).isPresent()) {
            throw new IllegalArgumentException(
                    "database-url must be a PostgreSQL (jdbc:postgresql://host:port/db) or H2 (jdbc:h2:...) JDBC URL");
        }
        publicBaseUrl = publicBaseUrl.map(SampleServerOptions::stripTrailingSlash);
    }

    /** Options without patient-data access auditing (the form callers used before that option existed). */
    public SampleServerOptions(int port, Optional<Integer> httpsPort, Optional<Path> keystore, String keystorePassword,
                               Path dataDir, Optional<String> publicBaseUrl, Optional<Path> configFile,
                               boolean loadDemoData, long reuseCachedSearchResultsMillis, boolean benchmarkBaseline,
                               Optional<String> databaseUrl, Optional<String> databaseUsername,
                               Optional<String> databasePassword, Optional<Path> keyEncryptionKeyFile,
                               boolean forwardedHeaders, Optional<ResourceServerSettings> resourceServer,
                               Optional<Path> identityProviders) {
        this(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile, loadDemoData,
                reuseCachedSearchResultsMillis, benchmarkBaseline, databaseUrl, databaseUsername, databasePassword,
                keyEncryptionKeyFile, forwardedHeaders, resourceServer, identityProviders, false);
    }

    /** Options on the embedded H2 database (the form callers used before the database options existed). */
    public SampleServerOptions(int port, Optional<Integer> httpsPort, Optional<Path> keystore, String keystorePassword,
                               Path dataDir, Optional<String> publicBaseUrl, Optional<Path> configFile,
                               boolean loadDemoData, long reuseCachedSearchResultsMillis, boolean benchmarkBaseline) {
        this(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile, loadDemoData,
                reuseCachedSearchResultsMillis, benchmarkBaseline, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    /** Options without the benchmark baseline (the form every caller used before it existed). */
    public SampleServerOptions(int port, Optional<Integer> httpsPort, Optional<Path> keystore, String keystorePassword,
                               Path dataDir, Optional<String> publicBaseUrl, Optional<Path> configFile,
                               boolean loadDemoData, long reuseCachedSearchResultsMillis) {
        this(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile, loadDemoData,
                reuseCachedSearchResultsMillis, false);
    }

    /** Defaults for a server on the given port with its data in the given folder. */
    public static SampleServerOptions defaults(int port, Path dataDir) {
        return new SampleServerOptions(port, Optional.empty(), Optional.empty(), "changeit", dataDir,
                Optional.empty(), Optional.empty(), true, 60_000);
    }

    /** Reads the options from arguments, system properties and the environment. */
    public static SampleServerOptions fromEnvironment(String[] args) {
        Properties cli = new Properties();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                cli.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unrecognised argument " + arg + " (expected --name=value)");
            }
        }
        Map<String, String> env = System.getenv();
        Function<String, Optional<String>> lookup = name -> Optional.ofNullable(cli.getProperty(name))
                .or(() -> Optional.ofNullable(System.getProperty("smart." + name)))
                .or(() -> Optional.ofNullable(env.get("SMART_" + name.toUpperCase().replace('-', '_'))))
                .filter(v -> !v.isBlank());
        return new SampleServerOptions(
                lookup.apply("port").map(Integer::parseInt).orElse(8080),
                lookup.apply("https-port").map(Integer::parseInt),
                lookup.apply("keystore").map(Path::of),
                lookup.apply("keystore-password").orElse("changeit"),
                Path.of(lookup.apply("data-dir").orElse("data")).toAbsolutePath(),
                lookup.apply("public-url"),
                lookup.apply("config").map(Path::of),
                lookup.apply("demo-data").map(Boolean::parseBoolean).orElse(true),
                lookup.apply("search-cache-millis").map(Long::parseLong).orElse(60_000L),
                lookup.apply("benchmark-baseline").map(Boolean::parseBoolean).orElse(false),
                lookup.apply("database-url"),
                lookup.apply("database-username"),
                lookup.apply("database-password"),
                lookup.apply("key-encryption-key-file").map(path -> Path.of(path).toAbsolutePath()),
                lookup.apply("forwarded-headers").map(Boolean::parseBoolean).orElse(false),
                ResourceServerOptions.read(lookup),
                lookup.apply("identity-providers").map(path -> Path.of(path).toAbsolutePath()),
                lookup.apply("audit-patient-data-access").map(v -> Boolean.parseBoolean(v.strip())).orElse(false));
    }

    /** These options on another database (a JDBC URL, its user and password). */
    public SampleServerOptions withDatabase(String url, String username, String password) {
        return new SampleServerOptions(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile,
                loadDemoData, reuseCachedSearchResultsMillis, benchmarkBaseline, Optional.of(url),
                Optional.of(username), Optional.of(password), keyEncryptionKeyFile, forwardedHeaders, resourceServer,
                identityProviders, auditPatientDataAccess);
    }

    /** These options with the key-encryption key in {@code file} (shared by the nodes of one database). */
    public SampleServerOptions withKeyEncryptionKeyFile(Path file) {
        return new SampleServerOptions(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile,
                loadDemoData, reuseCachedSearchResultsMillis, benchmarkBaseline, databaseUrl, databaseUsername,
                databasePassword, Optional.of(file), forwardedHeaders, resourceServer, identityProviders,
                auditPatientDataAccess);
    }

    /** These options in resource-server mode: accepting the access tokens of the external server {@code settings}. */
    public SampleServerOptions withResourceServer(ResourceServerSettings settings) {
        return new SampleServerOptions(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile,
                loadDemoData, reuseCachedSearchResultsMillis, benchmarkBaseline, databaseUrl, databaseUsername,
                databasePassword, keyEncryptionKeyFile, forwardedHeaders, Optional.of(settings),
                identityProviders, auditPatientDataAccess);
    }

    /** These options with upstream identity providers declared in {@code file}. */
    public SampleServerOptions withIdentityProviders(Path file) {
        return new SampleServerOptions(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile,
                loadDemoData, reuseCachedSearchResultsMillis, benchmarkBaseline, databaseUrl, databaseUsername,
                databasePassword, keyEncryptionKeyFile, forwardedHeaders, resourceServer,
                Optional.of(file), auditPatientDataAccess);
    }

    /** These options with patient-data access auditing on or off. */
    public SampleServerOptions withAuditPatientDataAccess(boolean on) {
        return new SampleServerOptions(port, httpsPort, keystore, keystorePassword, dataDir, publicBaseUrl, configFile,
                loadDemoData, reuseCachedSearchResultsMillis, benchmarkBaseline, databaseUrl, databaseUsername,
                databasePassword, keyEncryptionKeyFile, forwardedHeaders, resourceServer, identityProviders, on);
    }

    /** The key-encryption key file: the configured one, or {@code <data-dir>/keys/key-encryption.key}. */
    public Path keyEncryptionKey() {
        return keyEncryptionKeyFile.orElse(dataDir.resolve("keys").resolve("key-encryption.key"));
    }

    /** Whether HAPI and the plugin store their data in PostgreSQL rather than the embedded H2. */
    public boolean postgres() {
        return databaseUrl.filter(url -> url.startsWith("jdbc:postgresql:")).isPresent();
    }

    /** The database user: the configured one, or {@code sa} for the embedded H2. */
    public Optional<String> effectiveDatabaseUsername() {
        return databaseUsername.or(() -> databaseUrl.isEmpty() ? Optional.of("sa") : Optional.empty());
    }

    /**
     * The JDBC URL of the database: {@link #databaseUrl()} when set, otherwise the embedded H2 database in file mode,
     * with the flags below. HAPI stores each resource's JSON in a CLOB column.
     * {@code MAX_LENGTH_INPLACE_LOB}: H2 keeps a CLOB of up to 16 KB in its row (the default is 256 bytes), so a read
     * does not go through H2's LOB store, which registers a temporary LOB for every CLOB it returns (measured: reads
     * ~25 % faster, and no old-generation growth while serving them; docs/benchmarks.md). The setting is persistent
     * and applies to what is written after it. {@code LOB_TIMEOUT}: how long H2 keeps such a temporary LOB (5 minutes
     * by default, which once held ~280,000 resource texts); 1 second is ample, since HAPI reads each text at once.
     * {@code AUTO_COMPACT_FILL_RATE=0}: no background compaction of the database file while the server runs. H2
     * otherwise rewrites its file's chunks whenever they are less than 90 % full, which with token rows coming and
     * going is most of the time, and most of all when the server goes idle: each rewrite read tens of megabytes of
     * pages into the Java heap, where they outlived the young generation and brought on full collections
     * (docs/benchmarks.md). The file grows instead (about twice the size after the benchmark); chunks that hold no
     * live data are still reused, and H2 compacts the file for up to {@code MAX_COMPACT_TIME} (200 ms) on close.
     * {@code WRITE_DELAY=0}: every commit is written to the database file before the statement returns, so whatever
     * the server has confirmed survives a crash of its process ({@code kill -9}). H2's default (500 ms) wrote
     * commits in the background and lost the last half second of confirmed writes on a crash (issue 25). H2 does
     * not fsync each commit: a power cut or an operating-system crash can still lose the last writes, which
     * PostgreSQL with {@code synchronous_commit=on} does not (docs/deployment.md).
     */
    public String jdbcUrl() {
        if (databaseUrl.isPresent()) {
            return databaseUrl.get();
        }
        return "jdbc:h2:file:" + dataDir.resolve("h2").resolve("fhir").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;LOB_TIMEOUT=1000;MAX_LENGTH_INPLACE_LOB=16384"
                + ";AUTO_COMPACT_FILL_RATE=0;WRITE_DELAY=0";
    }

    /** The server root as clients see it, for a server actually listening on {@code boundPort}. */
    public String rootUrl(int boundPort) {
        return publicBaseUrl.orElse("http://localhost:" + boundPort);
    }

    /** Every option but the passwords: the database password shows as {@code ****}, the keystore's not at all. */
    @Override
    public String toString() {
        return "SampleServerOptions[port=" + port + ", httpsPort=" + httpsPort + ", keystore=" + keystore
                + ", dataDir=" + dataDir + ", publicBaseUrl=" + publicBaseUrl + ", configFile=" + configFile
                + ", loadDemoData=" + loadDemoData + ", reuseCachedSearchResultsMillis=" + reuseCachedSearchResultsMillis
                + ", benchmarkBaseline=" + benchmarkBaseline + ", databaseUrl=" + databaseUrl
                + ", databaseUsername=" + databaseUsername + ", databasePassword="
                + databasePassword.map(p -> "****") + ", keyEncryptionKeyFile=" + keyEncryptionKeyFile
                + ", forwardedHeaders=" + forwardedHeaders + ", resourceServer="
                + resourceServer.map(ResourceServerSettings::issuer) + ", identityProviders=" + identityProviders
                + ", auditPatientDataAccess=" + auditPatientDataAccess + "]";
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
