package io.alink.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The consumer POM the README shows is the one the build compiles a program against, with this build's artifacts
 * (src/it/consumer, run by the invoker plugin in {@code mvn verify}): so what the README promises, a build checks.
 */
class ConsumerPomTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);

    private static String projectVersion() throws Exception {
        Matcher parent = Pattern.compile("<parent>.*?<version>(.*?)</version>", Pattern.DOTALL)
                .matcher(Files.readString(MODULE.resolve("pom.xml")));
        assertThat(parent.find()).isTrue();
        return parent.group(1);
    }

    private static String readmeBlockWith(String text) throws Exception {
        Matcher blocks = XML_BLOCK.matcher(Files.readString(MODULE.resolveSibling("README.md")));
        while (blocks.find()) {
            if (blocks.group(1).contains(text)) {
                return blocks.group(1);
            }
        }
        throw new AssertionError("README.md has no xml block with " + text);
    }

    @Test
    void givenTheReadme_whenItsConsumerPomIsRead_thenItIsTheOneTheBuildCompilesAgainstThisVersion() throws Exception {
        String built = Files.readString(MODULE.resolve("src/it/consumer/pom.xml"))
                .replace("@project.version@", projectVersion());

        assertThat(readmeBlockWith("<artifactId>my-gateway</artifactId>")).isEqualTo(built);
    }

    @Test
    void givenTheReadme_whenItsCoordinatesAreRead_thenTheyNameThisArtifactAndVersion() throws Exception {
        assertThat(readmeBlockWith("<dependency>")).contains("<groupId>io.alink</groupId>",
                "<artifactId>alink-gateway</artifactId>", "<version>" + projectVersion() + "</version>");
    }
}
