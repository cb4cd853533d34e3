package io.pgshift.directory;

/** Whether a pending playbook may sort before one already applied ({@code --out-of-order}). */
public enum Order {
    /** Refused: a file added behind the applied ones was probably numbered by mistake. */
    STRICT,
    /** Applied anyway, in file order with the other pending ones. */
    OUT_OF_ORDER
}
