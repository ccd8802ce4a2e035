package dev.securedcontent.jwt.maven;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A mojo configured as Maven configures it from the plugin descriptor that maven-plugin-plugin
 * built (target/classes/META-INF/maven/plugin.xml): every parameter with a literal default gets it,
 * {@code ${project.basedir}} and {@code ${project.build.directory}} defaults point into a directory
 * the test owns, and the test then sets what a user would set. Maven's own objects (session,
 * project) stay null: the refusals under test must come before the goal touches them.
 */
final class MojoHarness<T extends AbstractMojo> {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

    private final T mojo;

    private MojoHarness(T mojo) {
        this.mojo = mojo;
    }

    /** The goal's mojo with the descriptor's defaults, {@code basedir} standing for the project directory. */
    static <T extends AbstractMojo> MojoHarness<T> of(String goal, Class<T> type, Path basedir) throws Exception {
        T mojo = type.getDeclaredConstructor().newInstance();
        mojo.setLog(new SystemStreamLog());
        MojoHarness<T> harness = new MojoHarness<>(mojo);
        for (Map.Entry<String, String> parameter : defaults(goal).entrySet()) {
            String value = parameter.getValue()
                    .replace("${project.basedir}", basedir.toString())
                    .replace("${project.build.directory}", basedir.resolve("target").toString());
            if (!value.contains("${")) {
                harness.set(parameter.getKey(), value);
            }
        }
        return harness;
    }

    /** Sets a parameter by its name, converting the text as Maven does for the field's type. */
    MojoHarness<T> set(String name, String value) throws Exception {
        Field field = field(mojo.getClass(), name);
        field.setAccessible(true);
        Class<?> type = field.getType();
        Object converted;
        if (type == String.class) {
            converted = value;
        } else if (type == boolean.class || type == Boolean.class) {
            converted = Boolean.parseBoolean(value);
        } else if (type == int.class || type == Integer.class) {
            converted = Integer.parseInt(value);
        } else if (type == long.class || type == Long.class) {
            converted = Long.parseLong(value);
        } else if (type == File.class) {
            converted = new File(value);
        } else if (type == List.class) {
            List<File> files = new ArrayList<>();
            for (String part : value.split(",")) {
                files.add(new File(part.strip()));
            }
            converted = files;
        } else {
            throw new IllegalArgumentException(name + ": the harness cannot set a " + type.getName());
        }
        field.set(mojo, converted);
        return this;
    }

    /** The configured mojo, to execute. */
    T mojo() {
        return mojo;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(type.getName() + " has no parameter field " + name);
    }

    private static Map<String, String> defaults(String goal) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(DESCRIPTOR.toFile());
        NodeList mojos = document.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            if (!goal.equals(mojo.getElementsByTagName("goal").item(0).getTextContent())) {
                continue;
            }
            Map<String, String> defaults = new TreeMap<>();
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            NodeList parameters = configuration.getChildNodes();
            for (int j = 0; j < parameters.getLength(); j++) {
                Node node = parameters.item(j);
                if (node instanceof Element parameter && parameter.hasAttribute("default-value")) {
                    defaults.put(parameter.getTagName(), parameter.getAttribute("default-value"));
                }
            }
            return defaults;
        }
        throw new IllegalArgumentException(DESCRIPTOR + " describes no goal " + goal);
    }
}
