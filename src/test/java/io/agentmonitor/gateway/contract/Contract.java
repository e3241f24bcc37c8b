package io.agentmonitor.gateway.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the committed contract lives, and the one switch that rewrites it. */
final class Contract {

    /** The committed contract, relative to the project directory (Maven's working directory for tests). */
    static final Path DIRECTORY = Path.of("openapi");
    /** Where the build stores the document it generates ({@code quarkus.smallrye-openapi.store-schema-directory}). */
    static final Path BUILT = Path.of("target", "openapi");
    static final Path EXAMPLES = DIRECTORY.resolve("examples");

    /** The command README gives for updating the contract; the drift messages quote it. */
    static final String UPDATE_COMMAND = "./mvnw verify -Dcontract.update=true";

    private Contract() {
    }

    /** {@code true} when this run should rewrite the committed files instead of checking them. */
    static boolean updating() {
        return Boolean.getBoolean("contract.update");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
