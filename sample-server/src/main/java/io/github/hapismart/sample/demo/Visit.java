package io.github.hapismart.sample.demo;

import java.time.LocalDateTime;

/** One ambulatory encounter of a demo patient: whose, with whom, when; everything recorded in it points here. */
record Visit(String patient, String encounter, String practitioner, LocalDateTime start, LocalDateTime end) {}
