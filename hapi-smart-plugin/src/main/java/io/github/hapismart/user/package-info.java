/**
 * People who can log in: accounts with hashed passwords, and their login sessions on the authorization pages. May depend on store and scope.
 */
package io.github.hapismart.user;
