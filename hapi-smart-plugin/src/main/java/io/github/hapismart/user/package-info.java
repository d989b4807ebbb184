/**
 * People who can log in: accounts with hashed passwords. May depend on store.
 */
package io.github.hapismart.user;
