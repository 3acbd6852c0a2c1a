package org.rasterhub.portal.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.SignedInUser;

/**
 * A page must authorise each action against the account as it is when the action fires, never as it
 * was when the page was drawn (a demoted or disabled administrator's open page kept its powers).
 * So no class of the UI may hold a {@link Caller} or {@link SignedInUser}: not in a field, not as a
 * constructor or method parameter, and not in a lambda, whose captured locals the compiler passes
 * as parameters of a synthetic method. Listeners ask {@link PortalSession} when they fire instead.
 */
class PageCallerGuardTest {
    private static final Set<Class<?>> SESSION_TYPES = Set.of(Caller.class, SignedInUser.class);
    private static final String PACKAGE = PortalSession.class.getPackageName();

    @Test
    void noUiClassKeepsTheCallerItWasDrawnFor() throws Exception {
        List<String> classes = uiClassNames();
        assertTrue(classes.size() > 20, "found the compiled UI classes: " + classes);
        List<String> kept = new ArrayList<>();
        for (String name : classes) {
            Class<?> type = Class.forName(name, false, PortalSession.class.getClassLoader());
            if (type == PortalSession.class) {
                continue; // the one place that reads the account afresh
            }
            for (Field field : type.getDeclaredFields()) {
                if (mentionsSession(field.getGenericType())) {
                    kept.add(name + " field " + field.getName() + " : " + field.getGenericType().getTypeName());
                }
            }
            List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            executables.addAll(List.of(type.getDeclaredMethods()));
            for (Executable executable : executables) {
                for (Parameter parameter : executable.getParameters()) {
                    if (mentionsSession(parameter.getParameterizedType())) {
                        kept.add(name + (executable.isSynthetic() ? " lambda or synthetic " : " ")
                                + executable.getName() + " parameter : "
                                + parameter.getParameterizedType().getTypeName());
                    }
                }
            }
        }
        assertTrue(kept.isEmpty(), kept.size() + " kept at draw time; read PortalSession.caller() when the action "
                + "fires instead:\n  " + String.join("\n  ", kept));
    }

    /** Whether a type is, holds or lists a Caller or SignedInUser (e.g. Optional<SignedInUser>, Caller[]). */
    static boolean mentionsSession(Type type) {
        if (type instanceof Class<?> plain) {
            return plain.isArray() ? mentionsSession(plain.getComponentType()) : SESSION_TYPES.contains(plain);
        }
        if (type instanceof ParameterizedType generic) {
            return mentionsSession(generic.getRawType())
                    || Stream.of(generic.getActualTypeArguments()).anyMatch(PageCallerGuardTest::mentionsSession);
        }
        if (type instanceof GenericArrayType array) {
            return mentionsSession(array.getGenericComponentType());
        }
        if (type instanceof WildcardType wildcard) {
            return Stream.of(wildcard.getUpperBounds()).anyMatch(PageCallerGuardTest::mentionsSession)
                    || Stream.of(wildcard.getLowerBounds()).anyMatch(PageCallerGuardTest::mentionsSession);
        }
        return false; // type variables: nothing here declares one bounded by these
    }

    @Test
    void theGuardSeesFieldsParametersAndLambdas() throws Exception {
        assertTrue(mentionsSession(Caller.class));
        assertTrue(mentionsSession(Holder.class.getDeclaredField("users").getGenericType()));
        assertTrue(mentionsSession(SignedInUser[].class));
        Caller caller = Caller.ANONYMOUS;
        Runnable captured = () -> caller.signedIn();
        captured.run();
        assertTrue(Stream.of(PageCallerGuardTest.class.getDeclaredMethods()).filter(Executable::isSynthetic)
                .anyMatch(m -> Stream.of(m.getParameterTypes()).anyMatch(Caller.class::equals)),
                "a captured Caller shows as a parameter of the lambda's synthetic method");
    }

    /** The binary names of the compiled classes under org.rasterhub.portal.ui, nested ones included. */
    private static List<String> uiClassNames() throws IOException, URISyntaxException {
        Path root = Path.of(PortalSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = root.resolve(PACKAGE.replace('.', '/'));
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .map(f -> f.substring(0, f.length() - ".class".length()))
                    .filter(f -> !f.endsWith("package-info"))
                    .sorted().toList();
        }
    }

    private static final class Holder {
        @SuppressWarnings("unused")
        private java.util.Optional<SignedInUser> users;
    }
}
