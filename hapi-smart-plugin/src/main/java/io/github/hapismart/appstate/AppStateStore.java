package io.github.hapismart.appstate;

import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The App State rows: create, versioned update and delete (each only when the expected version is the current one,
 * checked in the same statement, so two writers cannot both win), lookup by id and search by state code and subject.
 * A deleted row keeps its id as a tombstone.
 */
final class AppStateStore {

    /** One stored state: its JSON as last written, and what access control needs. */
    record Stored(String id, long version, String clientId, String codeSystem, String code,
                  Optional<String> subject, String resource, boolean deleted) {
    }

    private static final String COLUMNS =
            "id, version, client_id, code_system, code, subject, resource, deleted_at";

    private final SmartDatabase db;
    private final TokenHashing ids;
    private final Clock clock;

    AppStateStore(SmartDatabase db, TokenHashing ids, Clock clock) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
    }

    String newId() {
        return ids.newId();
    }

    void create(Stored state) {
        db.update("INSERT INTO smart_app_state (id, version, client_id, code_system, code, subject, resource, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", state.id(), state.version(), state.clientId(),
                state.codeSystem(), state.code(), state.subject().orElse(null), state.resource(), clock.millis());
    }

    Optional<Stored> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM smart_app_state WHERE id = ?", AppStateStore::row, id);
    }

    /** Replaces the resource if {@code expectedVersion} is still current; false when another write came first. */
    boolean update(String id, long expectedVersion, String resource) {
        return db.update("UPDATE smart_app_state SET version = ?, resource = ?, updated_at = ? "
                + "WHERE id = ? AND version = ? AND deleted_at IS NULL", expectedVersion + 1, resource,
                clock.millis(), id, expectedVersion) == 1;
    }

    /** Deletes (leaving a tombstone) if {@code expectedVersion} is still current. */
    boolean delete(String id, long expectedVersion) {
        return db.update("UPDATE smart_app_state SET version = ?, resource = NULL, deleted_at = ?, updated_at = ? "
                + "WHERE id = ? AND version = ? AND deleted_at IS NULL", expectedVersion + 1, clock.millis(),
                clock.millis(), id, expectedVersion) == 1;
    }

    /** Live states with this code and subject (empty subject: global state). */
    List<Stored> search(String codeSystem, String code, Optional<String> subject) {
        return subject.isPresent()
                ? db.query("SELECT " + COLUMNS + " FROM smart_app_state WHERE code_system = ? AND code = ? "
                        + "AND subject = ? AND deleted_at IS NULL ORDER BY updated_at", AppStateStore::row,
                        codeSystem, code, subject.get())
                : db.query("SELECT " + COLUMNS + " FROM smart_app_state WHERE code_system = ? AND code = ? "
                        + "AND subject IS NULL AND deleted_at IS NULL ORDER BY updated_at", AppStateStore::row,
                        codeSystem, code);
    }

    private static Stored row(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Stored(row.getString(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5),
                Optional.ofNullable(row.getString(6)), row.getString(7), row.getObject(8) != null);
    }
}
