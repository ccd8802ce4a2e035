package dev.securedcontent.jwt.core.manifest;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSSet;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import com.dd.plist.XMLPropertyListParser;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilder;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/** Typed, key-path-aware reads of a property list; every wrong type or missing key names its path. */
final class PlistTree {
    // The shortest XML plist element, <true/>, is seven characters, plus the line break.
    private static final int ELEMENT_COST = 8;

    private final Path file;

    PlistTree(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Parses XML, binary (and ASCII) plists; anything a parser throws becomes a named error. */
    static NSObject parse(byte[] content, Path file, String location) {
        try {
            NSObject parsed = looksLikeXml(content) ? parseXml(content) : PropertyListParser.parse(content);
            if (parsed == null) {
                throw new ManifestException(file, location, "empty property list; expected a dictionary");
            }
            requireBoundedExpansion(parsed, file, location);
            return parsed;
        } catch (ManifestException e) {
            throw e;
        } catch (SAXParseException e) {
            throw new ManifestException(file, location, "not a valid property list (XML): line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + firstLine(String.valueOf(e.getMessage()))
                    + "; fix the file or regenerate it", e);
        } catch (Exception | StackOverflowError e) {
            // dd-plist reports bad input with many exception types (including runtime ones for
            // truncated binary plists); the user needs only "this is not a valid plist" and why.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ManifestException(file, location, "not a valid property list (XML or binary): "
                    + firstLine(why) + "; fix the file or regenerate it", e);
        }
    }

    /**
     * A binary plist may reference one object from many places, and dd-plist keeps such objects
     * shared: a few hundred bytes can then stand for 2^40 elements, which copying the plist or
     * writing it as XML would try to produce. Refuses a plist that, written out as XML, could not
     * fit in {@link Manifest#MAX_PLIST_BYTES}: every element counts at least {@link #ELEMENT_COST}
     * characters (no XML element is shorter) plus its text. The walk stops at that budget, so its
     * work is bounded whatever the file claims, cycles included.
     */
    private static void requireBoundedExpansion(NSObject root, Path file, String location) {
        long budget = Manifest.MAX_PLIST_BYTES - ELEMENT_COST;
        Deque<NSObject> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty() && budget >= 0) {
            NSObject value = pending.pop();
            budget -= textLength(value);
            for (NSObject child : children(value)) {
                budget -= ELEMENT_COST;
                if (budget < 0) {
                    break;
                }
                pending.push(child);
            }
        }
        if (budget < 0) {
            throw new ManifestException(file, location, "its shared references expand to more than "
                    + Manifest.MAX_PLIST_BYTES + " bytes as XML (a manifest is a few KB); not a manifest:"
                    + " check that this is the right file");
        }
    }

    /** Characters of text in {@code value} itself: a string's or data's content, a dictionary's keys. */
    private static long textLength(NSObject value) {
        if (value instanceof NSString string) {
            return string.getContent().length();
        } else if (value instanceof NSData data) {
            return data.length();
        } else if (value instanceof NSDictionary dictionary) {
            long keys = 0;
            for (String key : dictionary.keySet()) {
                keys += ELEMENT_COST + key.length();
            }
            return keys;
        }
        return 0;
    }

    private static NSObject[] children(NSObject value) {
        if (value instanceof NSArray array) {
            return array.getArray();
        } else if (value instanceof NSSet set) {
            return set.allObjects();
        } else if (value instanceof NSDictionary dictionary) {
            return dictionary.values().toArray(new NSObject[0]);
        }
        return new NSObject[0];
    }

    NSDictionary dictionary(NSObject value, String path) {
        if (value instanceof NSDictionary dictionary) {
            return dictionary;
        }
        throw wrongType(path, "a dictionary", value);
    }

    /** The array at {@code key}, or null when absent and not required. */
    NSArray array(NSDictionary parent, String key, String path, boolean required) {
        NSObject value = parent.get(key);
        if (value == null) {
            if (required) {
                throw missing(path);
            }
            return null;
        }
        if (value instanceof NSArray array) {
            return array;
        }
        throw wrongType(path, "an array", value);
    }

    /** The string at {@code key}, or null when absent and not required. */
    String string(NSDictionary parent, String key, String path, boolean required) {
        NSObject value = parent.get(key);
        if (value == null) {
            if (required) {
                throw missing(path);
            }
            return null;
        }
        if (value instanceof NSString string) {
            return string.getContent();
        }
        throw wrongType(path, "a string", value);
    }

    OptionalLong integer(NSDictionary parent, String key, String path) {
        NSObject value = parent.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof NSNumber number && number.isInteger()) {
            return OptionalLong.of(number.longValue());
        }
        throw wrongType(path, "an integer", value);
    }

    /** The array of strings at {@code key}; empty when absent. */
    List<String> strings(NSDictionary parent, String key, String path) {
        NSArray array = array(parent, key, path, false);
        if (array == null) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(array.count());
        for (int i = 0; i < array.count(); i++) {
            NSObject element = array.objectAtIndex(i);
            if (!(element instanceof NSString string)) {
                throw wrongType(path + "[" + i + "]", "a string", element);
            }
            strings.add(string.getContent());
        }
        return strings;
    }

    ManifestException missing(String path) {
        return new ManifestException(file, path, "required key is missing; add it");
    }

    ManifestException wrongType(String path, String expected, NSObject actual) {
        return new ManifestException(file, path, "must be " + expected + ", is " + typeName(actual));
    }

    static String typeName(NSObject value) {
        if (value instanceof NSDictionary) {
            return "a dictionary";
        } else if (value instanceof NSArray) {
            return "an array";
        } else if (value instanceof NSString) {
            return "a string";
        } else if (value instanceof NSNumber number) {
            return number.isBoolean() ? "a boolean" : number.isInteger() ? "an integer" : "a real";
        } else if (value instanceof NSData) {
            return "data";
        } else if (value instanceof NSDate) {
            return "a date";
        }
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }

    /**
     * dd-plist's own XML path parses with a DocumentBuilder that has no error handler, so the JDK
     * prints "[Fatal Error] ..." to stderr for every malformed manifest, above our own message (in
     * a Maven build log, for instance). Same builder (dd-plist's XXE-safe settings and offline
     * DTD resolver), with errors only thrown.
     */
    private static NSObject parseXml(byte[] content) throws Exception {
        DocumentBuilder builder = XMLPropertyListParser.getDocBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // Not an error; nothing the user must act on.
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return XMLPropertyListParser.parse(builder.parse(new ByteArrayInputStream(content)));
    }

    /** First significant byte (after a UTF-8 byte-order mark and whitespace) is '<', as dd-plist decides. */
    private static boolean looksLikeXml(byte[] content) {
        int i = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb && (content[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n')) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
