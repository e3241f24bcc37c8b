package io.agentmonitor.gateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The drift check: the document this build generated from the code (stored in
 * {@code target/openapi} while the application was built for this test) must equal the committed
 * contract in {@code openapi/}. With {@code -Dcontract.update=true} the committed files are
 * rewritten instead.
 */
@QuarkusTest
class OpenApiContractTest {

    @ParameterizedTest
    @ValueSource(strings = { "openapi.yaml", "openapi.json" })
    void committedContractMatchesTheCode(String name) {
        Path built = Contract.BUILT.resolve(name);
        Path committed = Contract.DIRECTORY.resolve(name);
        assertTrue(Files.isRegularFile(built), "The build stored no " + built + "; is "
                + "quarkus.smallrye-openapi.store-schema-directory still target/openapi?");
        String generated = Contract.read(built);
        if (Contract.updating()) {
            Contract.write(committed, generated);
            return;
        }
        if (!Files.isRegularFile(committed)) {
            fail(committed + " is missing. Run `" + Contract.UPDATE_COMMAND + "` and commit openapi/.");
        }
        assertEquals(Contract.read(committed), generated, "The API changed but its contract " + committed
                + " did not. Run `" + Contract.UPDATE_COMMAND + "` to update the contract, review the diff of "
                + "openapi/ and commit it with the change.");
    }
}
