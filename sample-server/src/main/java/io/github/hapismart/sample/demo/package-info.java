/**
 * Synthetic, deterministic demo data for the sample server: a generator that builds one R4 transaction
 * Bundle (an organisation, its practitioners, six patients and their clinical records in every US Core
 * category) and a loader that posts it once into the JPA server.
 *
 * <p>Owns no state and downloads nothing; every value comes from tables in this package and a seeded
 * {@link java.util.Random}. Depends on HAPI's R4 model and JPA DAO interfaces only; nothing in the plugin
 * library depends on this package.
 */
package io.github.hapismart.sample.demo;
