/**
 * JDBC persistence shared by the plugin's repositories: schema creation (portable SQL for H2 and PostgreSQL), statements, and hashing of the random secrets the server hands out. Depends only on the JDK and javax.sql.
 */
package io.github.hapismart.store;
