package io.pgshift.ops;

/**
 * One privilege a role holds on a table, or on one of its columns, as {@code aclexplode} lists it
 * (grants by several grantors folded into one, grantable when any of them is).
 *
 * @param column    the column of a column privilege ({@code GRANT UPDATE (email)}), null for the table
 * @param grantee   the role's name, or {@code PUBLIC}
 * @param privilege {@code SELECT}, {@code INSERT}, {@code UPDATE}, ...
 * @param grantable whether it was granted {@code WITH GRANT OPTION}
 */
public record TableGrant(String table, String column, String grantee, String privilege, boolean grantable) {
    /** {@code SELECT on users to app_reader}, {@code UPDATE (email) on users to app_writer}: what is granted, to whom. */
    public String name() {
        return privilege + (column == null ? "" : " (" + column + ")") + " on " + table + " to " + grantee;
    }
}
