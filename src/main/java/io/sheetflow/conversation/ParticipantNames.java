package io.sheetflow.conversation;

import java.security.SecureRandom;
import java.util.List;

/** Pycelize's {@code Name-1234} participant names, drawn from the same 60 names. */
final class ParticipantNames {
    private static final List<String> NAMES = List.of(
            "BlueWhale", "Dolphin", "Seahorse", "Octopus", "Jellyfish", "Starfish", "SeaTurtle", "Shark", "Manta",
            "Orca", "Penguin", "Seal", "Walrus", "Crab", "Lobster", "Clownfish", "Barracuda", "Swordfish", "Marlin",
            "Tuna",
            "Tiger", "Lion", "Leopard", "Cheetah", "Wolf", "Fox", "Bear", "Eagle", "Falcon", "Hawk", "Owl", "Elephant",
            "Giraffe", "Zebra", "Rhino", "Gorilla", "Kangaroo", "Koala", "Jaguar", "Panther",
            "Orion", "Andromeda", "Sirius", "Vega", "Polaris", "Cassiopeia", "Pegasus", "Draco", "Phoenix", "Cygnus",
            "Ceres", "Vesta", "Pallas", "Juno", "Iris", "Flora", "Metis", "Hygeia", "Parthenos", "Victoria");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ParticipantNames() {
    }

    static String next() {
        return NAMES.get(RANDOM.nextInt(NAMES.size())) + "-" + (1000 + RANDOM.nextInt(9000));
    }
}
