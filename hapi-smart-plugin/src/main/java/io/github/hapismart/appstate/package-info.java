/**
 * SMART App Launch 2.2 App State ({@code smart-app-state}): apps keep small {@code Basic} resources, identified by a
 * state code, per user, per patient or globally, at an App State endpoint of their own ({@code [auth]/appstate},
 * advertised in smart-configuration's {@code associated_endpoints}). Pure JSON over JDBC, no HAPI. May depend on
 * config, store, scope, token, client and web.
 */
package io.github.hapismart.appstate;
