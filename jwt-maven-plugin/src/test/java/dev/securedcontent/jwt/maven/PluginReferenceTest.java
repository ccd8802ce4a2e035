package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * docs/maven-plugin-reference.md is generated from the plugin descriptor that maven-plugin-plugin
 * builds from the mojos' annotations and Javadoc, so the reference cannot drift from the code.
 * Regenerate it with {@code ./mvnw -pl jwt-maven-plugin -am verify -Dtest=PluginReferenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip -Djwt.updateReference=true}.
 */
class PluginReferenceTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    private static final Path REFERENCE = Path.of("../docs/maven-plugin-reference.md");

    @Test
    void theReferenceInDocsIsTheOneTheMojosDescribe() throws Exception {
        String generated = render(DESCRIPTOR);
        if (Boolean.getBoolean("jwt.updateReference")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "")
                .as("docs/maven-plugin-reference.md is generated from the mojos; regenerate it as this test's Javadoc says")
                .isEqualTo(generated);
    }

    @Test
    void everyGoalAndUserPropertyIsInTheReference() throws Exception {
        String generated = render(DESCRIPTOR);

        assertThat(generated).contains("## `jwt:keygen`", "## `jwt:sign`", "## `jwt:verify`", "## `jwt:serve`",
                "`jwt.privateKeyFile`", "`jwt.serve.port`", "`jwt.probe`");
    }

    static String render(Path descriptor) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(descriptor.toFile());
        Element plugin = document.getDocumentElement();
        StringBuilder out = new StringBuilder();
        out.append("# jwt-maven-plugin reference\n\n")
                .append("<!-- Generated from the mojos by PluginReferenceTest; do not edit by hand. -->\n\n")
                .append("Goal prefix `").append(text(plugin, "goalPrefix")).append("`; requires Maven ")
                .append(text(plugin, "requiredMavenVersion")).append(" and Java ").append(text(plugin, "requiredJavaVersion"))
                .append(". Every parameter can be set in the POM (`<configuration>`) or, where a property is given, ")
                .append("with `-D<property>=<value>`. Guide and examples: [maven-plugin.md](maven-plugin.md).\n");
        List<Element> mojos = children(child(plugin, "mojos"), "mojo");
        mojos.sort(Comparator.comparing(m -> text(m, "goal")));
        for (Element mojo : mojos) {
            String goal = text(mojo, "goal");
            out.append("\n## `jwt:").append(goal).append("`\n\n").append(prose(text(mojo, "description"))).append("\n\n");
            List<String> facts = new ArrayList<>();
            facts.add("true".equals(text(mojo, "requiresProject")) ? "needs a project (POM)" : "runs with or without a POM");
            String phase = text(mojo, "phase");
            facts.add(phase.isEmpty() ? "no default phase" : "default phase `" + phase + "`");
            if ("true".equals(text(mojo, "threadSafe"))) {
                facts.add("thread-safe");
            }
            out.append("*").append(String.join("; ", facts)).append(".*\n");
            Map<String, String[]> configuration = configuration(child(mojo, "configuration"));
            List<Element> parameters = children(child(mojo, "parameters"), "parameter");
            parameters.removeIf(p -> !"true".equals(text(p, "editable")));
            if (parameters.isEmpty()) {
                continue;
            }
            parameters.sort(Comparator.comparing(p -> text(p, "name")));
            out.append("\n| Parameter | Property | Default | Required | Description |\n|---|---|---|---|---|\n");
            for (Element parameter : parameters) {
                String name = text(parameter, "name");
                String[] config = configuration.getOrDefault(name, new String[] {"", ""});
                out.append("| `").append(name).append("` | ")
                        .append(config[0].isEmpty() ? "" : "`" + config[0] + "`").append(" | ")
                        .append(config[1].isEmpty() ? "" : "`" + config[1] + "`").append(" | ")
                        .append("true".equals(text(parameter, "required")) ? "yes" : "").append(" | ")
                        .append(prose(text(parameter, "description")).replace("|", "\\|").replace("\n", " ")).append(" |\n");
            }
        }
        return out.toString();
    }

    /** Parameter name to {user property, default value} from the descriptor's configuration element. */
    private static Map<String, String[]> configuration(Element configuration) {
        Map<String, String[]> byName = new LinkedHashMap<>();
        if (configuration == null) {
            return byName;
        }
        NodeList nodes = configuration.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element) {
                String expression = element.getTextContent().strip();
                String property = expression.startsWith("${") && expression.endsWith("}")
                        ? expression.substring(2, expression.length() - 1) : "";
                byName.put(element.getTagName(), new String[] {property, element.getAttribute("default-value")});
            }
        }
        return byName;
    }

    /** A descriptor description (plain text) as Markdown prose: paragraphs kept, lines joined, angle brackets shown. */
    private static String prose(String text) {
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : text.strip().split("\n\\s*\n")) {
            paragraphs.add(paragraph.strip().replaceAll("\\s+", " ").replace("<", "&lt;").replace(">", "&gt;"));
        }
        return String.join("\n\n", paragraphs);
    }

    private static Element child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> elements = new ArrayList<>();
        if (parent == null) {
            return elements;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? "" : element.getTextContent().strip();
    }
}
