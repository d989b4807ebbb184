package io.github.hapismart.sample.demo;

import java.util.List;

/**
 * The shared, non-patient part of the demo data, as bundle fullUrls: the clinic, its location, its
 * practitioners (the first is the demo practitioner user) and the medications in its formulary.
 */
record Directory(String organization, String location, List<String> practitioners, List<String> medications) {

    Directory {
        practitioners = List.copyOf(practitioners);
        medications = List.copyOf(medications);
    }
}
