package io.pgshift.operation;

import java.util.Map;

/**
 * One safe use of each registered operation, as a playbook writes it: lint must accept it
 * without an error, and the parser must read it back into the operation's model. Tables
 * {@code users}/{@code school_classes} are only names here (lint reads no database).
 */
final class LintSamples {
    static final Map<String, String> BY_KEY = Map.ofEntries(
            Map.entry("create_table", "create_table: {table: school_classes, columns: [{name: id, type: bigint,"
                    + " nullable: false}, {name: name, type: text}], primary_key: [id]}"),
            Map.entry("add_column", "add_column: {table: users, column: nickname, type: text}"),
            Map.entry("create_index", "create_index: {table: users, columns: [email]}"),
            Map.entry("sql", "sql: \"INSERT INTO school_classes (id, name) VALUES (1, 'Kelas Umum') ON CONFLICT DO NOTHING\""),
            Map.entry("set_not_null", "set_not_null: {table: users, column: email}"),
            Map.entry("add_unique", "add_unique: {table: users, columns: [email]}"),
            Map.entry("add_foreign_key", "add_foreign_key: {table: users, columns: [school_class_id],"
                    + " references: {table: school_classes, columns: [id]}}"),
            Map.entry("add_check", "add_check: {table: users, name: users_age_range, check: \"age BETWEEN 0 AND 150\"}"),
            Map.entry("alter_column_type", "alter_column_type: {table: users, column: id, type: bigint}"),
            Map.entry("rename_table", "rename_table: {table: users, to: accounts}"),
            Map.entry("rename_column", "rename_column: {table: users, column: theme, to: color_scheme}"),
            Map.entry("set_default", "set_default: {table: users, column: theme, default: \"'light'\"}"),
            Map.entry("add_enum_value", "add_enum_value: {type: user_role, value: teacher, after: student}"),
            Map.entry("verify", "verify: {sql: \"SELECT count(*) FROM users WHERE role = 'student' AND school_class_id IS NULL\","
                    + " description: students without a class}"),
            Map.entry("drop_column", "drop_column: {table: users, column: legacy_theme}"),
            Map.entry("drop_index", "drop_index: {table: users, name: users_legacy_theme_idx}"),
            Map.entry("drop_constraint", "drop_constraint: {table: users, name: users_age_range}"),
            Map.entry("drop_table", "drop_table: {table: legacy_sessions}"),
            Map.entry("drop_not_null", "drop_not_null: {table: users, column: nickname}"),
            Map.entry("drop_default", "drop_default: {table: users, column: theme}"));

    private LintSamples() {
    }
}
