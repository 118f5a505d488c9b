package io.uring4j.generator;

import com.palantir.javapoet.JavaFile;
import io.uring4j.generator.emit.Emitter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Emitted sources compiled together with the hand-written runtime bases (SqeCursor, CqeCursor,
 * Checks) and loaded in their own class loader, so tests can run the generated code.
 */
final class Compiled {
    /** The hand-written bases the generated Sqe and Cqe extend; seen from the generator module. */
    static final Path RUNTIME_SOURCES = Path.of("../runtime/src/main/java/io/uring4j");
    private static final List<String> BASES = List.of("SqeCursor.java", "CqeCursor.java", "RingClosedException.java",
            "LifetimeViolationException.java", "IoArena.java", "internal/Checks.java");
    /** Runtime classes a generated Sqe names only when the spec has such parameters (typed iovecs, msghdr, page rules). */
    private static final List<String> TYPED = List.of("IoVecs.java", "net/MessageHeader.java", "internal/PageSize.java");

    private static Compiled base;

    private final ClassLoader loader;

    /** The base test spec, compiled once for all tests that only read from it. */
    static synchronized Compiled baseSpec() {
        if (base == null) {
            base = compile(Emitter.runtimeSources(TestSpecs.load(TestSpecs.base())));
        }
        return base;
    }

    private Compiled(ClassLoader loader) {
        this.loader = loader;
    }

    /** Writes, compiles and loads {@code files}; a compile error fails with javac's diagnostics. */
    static Compiled compile(List<JavaFile> files) {
        try {
            Path src = Files.createTempDirectory(workDir(), "src-");
            Emitter.write(files, src);
            return compileDir(src);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path workDir() throws IOException {
        return Files.createDirectories(Path.of("target", "compiled-specs"));
    }

    /** Compiles and loads every {@code .java} file below {@code src} (as Main writes them). */
    static Compiled compileDir(Path src) {
        try {
            Path classes = Files.createTempDirectory(workDir(), "classes-");
            List<Path> sources = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(src)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
            for (String base : BASES) {
                sources.add(RUNTIME_SOURCES.resolve(base));
            }
            Path sqe = src.resolve("io/uring4j/Sqe.java");
            String sqeText = Files.exists(sqe) ? Files.readString(sqe) : "";
            for (String typed : TYPED) {
                String simple = typed.substring(typed.lastIndexOf('/') + 1).replace(".java", "");
                if (sqeText.contains(simple)) {
                    sources.add(RUNTIME_SOURCES.resolve(typed));
                }
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter diagnostics = new StringWriter();
            boolean ok;
            try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
                ok = javac.getTask(diagnostics, fm, null,
                        // doclint: the generated Javadoc must be well-formed and its links must resolve.
                        List.of("-d", classes.toString(), "-proc:none", "-Xdoclint:all,-missing", "-Werror"),
                        null, fm.getJavaFileObjectsFromPaths(sources)).call();
            }
            if (!ok) {
                throw new AssertionError("generated sources do not compile:\n" + diagnostics);
            }
            return new Compiled(new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    Compiled.class.getClassLoader()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Class<?> type(String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class " + name, e);
        }
    }

    /** A generated Sqe over {@code memory}, made through its package-private constructor. */
    Object sqe(MemorySegment memory, int entrySize) {
        return construct("io.uring4j.Sqe", memory, entrySize);
    }

    /** A generated Cqe over {@code memory}, made through its package-private constructor. */
    Object cqe(MemorySegment memory, int entrySize) {
        return construct("io.uring4j.Cqe", memory, entrySize);
    }

    private Object construct(String name, MemorySegment memory, int entrySize) {
        try {
            Constructor<?> c = type(name).getDeclaredConstructor(MemorySegment.class, int.class);
            c.setAccessible(true);
            return c.newInstance(memory, entrySize);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + name, e);
        }
    }

    /** Calls a public method; an exception it throws is rethrown as is. */
    static Object call(Object target, String method, Class<?>[] types, Object... args) {
        Class<?> owner = target instanceof Class<?> c ? c : target.getClass();
        Method m;
        try {
            m = owner.getMethod(method, types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError("no method " + method + List.of(types) + " on " + owner.getName(), e);
        }
        try {
            return m.invoke(target instanceof Class<?> ? null : target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** The value of a public static field of a generated class. */
    Object constant(String type, String field) {
        try {
            return type(type).getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no constant " + type + "." + field, e);
        }
    }
}
