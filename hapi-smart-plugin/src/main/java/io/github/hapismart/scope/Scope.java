package io.github.hapismart.scope;

// TEMPORARY STAND-IN written by the lead so that main compiles; the scope branch replaces this file whole with the
// real SMART scope grammar. On a rebase conflict, take the scope branch's version and adapt callers to it.
public record Scope(String value, Context context) {
    public enum Context { PATIENT, USER, SYSTEM }
}
