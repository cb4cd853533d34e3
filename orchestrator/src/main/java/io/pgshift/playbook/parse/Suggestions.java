package io.pgshift.playbook.parse;

import java.util.Collection;

/** "did you mean" hints for misspelt keys and operations. */
final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /** {@code "; did you mean 'column'?"} when a candidate is close enough, else an empty string. */
    static String didYouMean(String typed, Collection<String> candidates) {
        String best = closest(typed, candidates);
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** The candidate within edit distance 2 of {@code typed}, the closest first; null when none is. */
    static String closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : candidates) {
            int d = distance(typed, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
