package io.uring4j.release;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime jar a user depends on: its manifest, module name and license. */
class RuntimeJarTest {
    static final String MODULE = "io.uring4j";

    private static Path jar() {
        return Built.jar("uring4j.runtime.jar", "maven-jar-plugin");
    }

    static ModuleDescriptor module() {
        Set<ModuleReference> modules = ModuleFinder.of(jar()).findAll();
        assertEquals(1, modules.size(), "the runtime jar is one module");
        return modules.iterator().next().descriptor();
    }

    private static Attributes manifest() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            return file.getManifest().getMainAttributes();
        }
    }

    @Test
    void manifestEnablesNativeAccess() throws IOException {
        assertEquals("ALL-UNNAMED", manifest().getValue("Enable-Native-Access"),
                "runtime jar manifest: Enable-Native-Access");
    }

    @Test
    void moduleIsNamedIoUring4j() throws IOException {
        ModuleDescriptor module = module();
        assertEquals(MODULE, module.name(), "the runtime jar's module name");
        if (!module.isAutomatic()) {
            // module-info.java names the module; a second name in the manifest would be stale.
            assertNull(manifest().getValue("Automatic-Module-Name"),
                    "runtime jar has module-info: remove Automatic-Module-Name from runtime/pom.xml");
        }
    }

    @Test
    void jarCarriesLicenseAndNotice() {
        Set<String> entries = Built.entries(jar());
        assertTrue(entries.contains("META-INF/LICENSE"), "runtime jar: META-INF/LICENSE");
        assertTrue(entries.contains("META-INF/NOTICE"), "runtime jar: META-INF/NOTICE");
    }
}
