/**
 * JDBC persistence shared by the plugin's repositories: schema creation (portable SQL for H2 and PostgreSQL; on
 * PostgreSQL serialized across nodes by an advisory lock, {@link io.github.hapismart.store.SchemaLock}), statements,
 * transactions, the purge of expired rows ({@link io.github.hapismart.store.ExpiryPurge}), and the random secrets and identifiers the server hands out, made from one injected source and stored as hashes ({@link io.github.hapismart.store.TokenHashing}). Depends only on the JDK, javax.sql and SLF4J.
 */
package io.github.hapismart.store;
