/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ERP side of the database templates (09, 10): a throw-away PostgreSQL with the staging schema of
 * templates/samples/erp-staging-schema.sql, the erp.jdbc.* parameter values that point a template at it (the driver the
 * assembly put beside NiFi), and the rows it holds.
 */
public final class ErpDatabase implements AutoCloseable {
    /** Where the assembly puts the PostgreSQL JDBC driver, below the NiFi home. */
    private static final String DRIVER = "drivers/postgresql-jdbc.jar";
    private final LocalPostgres postgres;
    private final Path driver;

    private ErpDatabase(final LocalPostgres postgres, final Path driver) {
        this.postgres = postgres;
        this.driver = driver;
    }

    /**
     * Starts the database in {@code directory} with the schema of {@code templates}/samples; {@code templates}/../bin/ensure-postgres
     * installs the server where it is missing.
     */
    public static ErpDatabase start(final Path directory, final Path templates, final Path nifiHome) throws IOException, InterruptedException {
        final Path root = templates.toAbsolutePath().getParent();
        final LocalPostgres postgres = LocalPostgres.start(directory, root.resolve("bin/ensure-postgres"));
        try {
            postgres.execute(templates.resolve("samples/erp-staging-schema.sql"));
        } catch (final SQLException e) {
            postgres.close();
            throw new IOException("The staging schema did not apply: " + e.getMessage(), e);
        }
        return new ErpDatabase(postgres, nifiHome.toAbsolutePath().resolve(DRIVER));
    }

    /** The values of a database template's own parameters; {@code retries}: erp.database.retries. */
    public Map<String, String> parameters(final int retries) {
        return parameters(postgres.jdbcUrl(), driver, retries);
    }

    /**
     * Parameters for a database template imported without a database of ours (bin/nifi, the browser check): the
     * assembly's driver and the usual local PostgreSQL address, for the user to change to their own.
     */
    public static Map<String, String> parametersFor(final Path nifiHome) {
        return parameters("jdbc:postgresql://127.0.0.1:5432/" + LocalPostgres.DATABASE, nifiHome.toAbsolutePath().resolve(DRIVER), 30);
    }

    private static Map<String, String> parameters(final String jdbcUrl, final Path driver, final int retries) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("erp.jdbc.url", jdbcUrl);
        parameters.put("erp.jdbc.driver.class", "org.postgresql.Driver");
        parameters.put("erp.jdbc.driver.location", driver.toString());
        parameters.put("erp.jdbc.user", LocalPostgres.USER);
        // the throw-away cluster trusts loopback connections: any password will do, but it goes through a sensitive parameter
        parameters.put("erp.jdbc.password", "not-checked-by-a-trusting-server");
        parameters.put("erp.database.type", "PostgreSQL");
        parameters.put("erp.database.retries", Integer.toString(retries));
        return parameters;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /** The rows of a query, each column by its label, as JDBC reads it (numeric as BigDecimal, date as Date, ...). */
    public List<Map<String, Object>> rows(final String sql, final Object... arguments) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            final List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                final ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    final Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** Runs one statement (an ERP writing its staging table); answers the rows it changed. */
    public int update(final String sql, final Object... arguments) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Prints a table as bin/demo shows it. */
    public void print(final String table, final String columns, final String orderBy, final PrintStream out) throws SQLException {
        final List<Map<String, Object>> rows = rows("SELECT " + columns + " FROM " + table + " ORDER BY " + orderBy);
        out.println("  table " + table + ": " + rows.size() + " row(s)");
        for (final Map<String, Object> row : rows) {
            out.println("    " + row);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        postgres.close();
    }
}
