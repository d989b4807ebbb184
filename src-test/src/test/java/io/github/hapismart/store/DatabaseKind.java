package io.github.hapismart.store;

/** The databases the plugin's stores are tested on: every store test runs once on each. */
public enum DatabaseKind {
    /** H2 2.x in file mode in a temporary folder, as the sample server runs by default. */
    H2,
    /** A fresh database in the JVM's throwaway PostgreSQL cluster ({@code it.PostgresCluster}). */
    POSTGRESQL
}
