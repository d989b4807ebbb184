/**
 * The plugin's one immutable settings object and its enums. Depends on nothing else in the plugin.
 */
package io.github.hapismart.config;
