package io.pgshift.cli;

/** How the operations commands print their report. */
enum ReportFormat {
    TEXT, JSON
}
