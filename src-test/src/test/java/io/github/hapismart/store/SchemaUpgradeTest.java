package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node started on a database whose plugin schema is older (from before this release added tables) creates what is
 * missing and keeps what is there, on H2 and PostgreSQL.
 */
class SchemaUpgradeTest {

    /** Tables this release added to schema.sql: a database from the release before has none of them. */
    private static final List<String> ADDED = List.of("smart_lock", "smart_login_throttle", "smart_app_state");

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void startingOnAnOlderSchemaAddsTheMissingTablesAndKeepsTheRows(DatabaseKind kind) {
        DataSource dataSource = databases.dataSource(kind);
        SmartDatabase older = new SmartDatabase(dataSource).migrate();
        for (String table : ADDED) {
            older.update("DROP TABLE " + table);
        }
        older.update("INSERT INTO smart_user (username, password_hash, fhir_user, display_name) "
                + "VALUES ('kept', 'x', 'Patient/1', 'Kept')");

        SmartDatabase upgraded = new SmartDatabase(dataSource).migrate();

        for (String table : ADDED) {
            assertEquals(0, upgraded.queryOne("SELECT COUNT(*) FROM " + table, row -> row.getInt(1)).orElseThrow(),
                    table + " was not created");
        }
        assertEquals(List.of("kept"), upgraded.query("SELECT username FROM smart_user", row -> row.getString(1)));
    }
}
