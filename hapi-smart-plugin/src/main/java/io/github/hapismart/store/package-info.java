/**
 * JDBC persistence shared by the plugin's repositories: schema creation (portable SQL for H2 and PostgreSQL; on
 * PostgreSQL serialized across nodes by an advisory lock, {@link io.github.hapismart.store.SchemaLock}), statements,
 * transactions, and hashing of the random secrets the server hands out. Depends only on the JDK, javax.sql and SLF4J.
 */
package io.github.hapismart.store;
