package io.uring4j.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files an adopter's legal review and a release need at the repository root. */
class RepositoryFilesTest {

    private static String read(String name) throws IOException {
        Path file = Built.root().resolve(name);
        assertTrue(Files.isRegularFile(file), name + " is missing at the repository root");
        return Files.readString(file);
    }

    @Test
    void licenseIsTheApacheLicenseTwo() throws IOException {
        String license = read("LICENSE");
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"),
                "LICENSE is not the Apache License 2.0 text");
        assertTrue(license.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION")
                        && license.contains("END OF TERMS AND CONDITIONS"),
                "LICENSE is not the full text (terms and conditions missing)");
    }

    @Test
    void noticeNamesTheProductAndItsCopyright() throws IOException {
        String notice = read("NOTICE");
        assertEquals("uring4j", notice.strip().lines().findFirst().orElse(""), "NOTICE's first line names the product");
        assertTrue(notice.contains("Copyright"), "NOTICE carries a copyright line");
    }

    @Test
    void changelogKeepsAnUnreleasedSection() throws IOException {
        String changelog = read("CHANGELOG.md");
        assertTrue(changelog.startsWith("# Changelog"), "CHANGELOG.md starts with '# Changelog'");
        assertTrue(changelog.contains("\n## [Unreleased]"), "CHANGELOG.md has a '## [Unreleased]' section");
        assertTrue(changelog.contains("\n### Added\n") && changelog.contains("\n- "),
                "CHANGELOG.md lists changes under keep-a-changelog headings ('### Added', ...)");
    }

    @Test
    void pomDeclaresTheLicenseInLicenseFile() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Built.root().resolve("pom.xml").toFile());
        var names = pom.getElementsByTagName("license");
        assertEquals(1, names.getLength(), "the root pom declares exactly one license");
        String text = names.item(0).getTextContent();
        assertTrue(text.contains("Apache-2.0") && text.contains("https://www.apache.org/licenses/LICENSE-2.0"),
                "the root pom's license is Apache-2.0 with its address, as LICENSE is: " + text.strip());
    }
}
