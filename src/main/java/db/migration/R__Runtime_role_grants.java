package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Least privilege on PostgreSQL: the migrations run as the owner role, and the gateway's runtime role
 * ({@code quarkus.flyway.placeholders.runtime_role}, the datasource user) may only read and append
 * the evidence (entries and checkpoints: SELECT and INSERT, never UPDATE, DELETE or TRUNCATE) and
 * read and claim idempotency keys. Repeatable: it runs again whenever the runtime role changes.
 * Nothing to do on H2 (the embedded store has one user) or when both roles are the same.
 */
public class R__Runtime_role_grants extends BaseJavaMigration {

    /** Raise it when the grants below change, so that existing databases get them. */
    private static final int GRANTS_VERSION = 1;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

    @Override
    public Integer getChecksum() {
        return (GRANTS_VERSION + ":" + runtimeRole().orElse("")).hashCode();
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Optional<String> role = runtimeRole();
        Connection connection = context.getConnection();
        if (role.isEmpty() || !connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres")) {
            return;
        }
        String name = role.get();
        if (!ROLE.matcher(name).matches()) {
            throw new IllegalArgumentException("quarkus.flyway.placeholders.runtime_role is not a role name: " + name);
        }
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_user, current_schema()")) {
                rs.next();
                if (name.equals(rs.getString(1))) {
                    return; // one role for both: it owns what it uses
                }
                String schema = rs.getString(2);
                String quoted = '"' + name + '"';
                st.execute("GRANT USAGE ON SCHEMA \"" + schema.replace("\"", "\"\"") + "\" TO " + quoted);
            }
            for (String evidence : new String[] { "audit_entry", "audit_checkpoint" }) {
                st.execute("REVOKE ALL ON " + evidence + " FROM PUBLIC");
                st.execute("REVOKE ALL ON " + evidence + " FROM \"" + name + '"');
                st.execute("GRANT SELECT, INSERT ON " + evidence + " TO \"" + name + '"');
            }
            st.execute("REVOKE ALL ON logout_idempotency FROM \"" + name + '"');
            st.execute("GRANT SELECT, INSERT ON logout_idempotency TO \"" + name + '"');
        }
    }

    private static Optional<String> runtimeRole() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.flyway.placeholders.runtime_role", String.class)
                .map(String::trim).filter(role -> !role.isEmpty());
    }
}
