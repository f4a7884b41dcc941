package io.starling.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module arrows of ARCHITECTURE.md, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.starling");

    @Test
    void core_dependsOnNoSibling() {
        noClasses().that().resideInAPackage("io.starling.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.starling.core..", "java..", "javax..",
                        "io.netty..", "org.slf4j..", "com.fasterxml.aalto..", "org.codehaus.stax2..",
                        "rocks.xmpp.precis..", "com.zaxxer.hikari..", "com.sun.security.auth..", "org.postgresql..", "org.flywaydb..",
                        "io.zonky.test.db.postgres..", "org.bouncycastle..",
                        "com.nimbusds.jose..", "com.nimbusds.jwt..") // login tokens (sasl.LoginTokenVerifier)
                .check(CLASSES);
    }

    @Test
    void gateway_dependsOnCoreOnly() {
        // ARCHITECTURE.md: the gateway is a transport; it reaches presence, offline storage and the rest through
        // the core's sessions, router and extension points, never directly.
        noClasses().that().resideInAPackage("io.starling.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("io.starling.presence..", "io.starling.offline..",
                        "io.starling.osm..", "io.starling.admin..", "io.starling.server..")
                .check(CLASSES);
    }

    @Test
    void domainModules_neverImportNetty() {
        noClasses().that().resideInAnyPackage("io.starling.presence..", "io.starling.offline..", "io.starling.osm..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void presenceInternals_reachedOnlyByTheCompositionRoot() {
        // osm and admin-stats see presence through its api package only (ARCHITECTURE.md: "osm ──► presence (api)").
        noClasses().that().resideOutsideOfPackages("io.starling.presence..", "io.starling.server..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.starling.presence..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.starling.presence.api.."))))
                .check(CLASSES);
    }

    @Test
    void componentProtocol_staysFreeOfNetty() {
        // STYLE.md rule 2: the Netty handler carries bytes; the XEP-0114 state machine lives apart from it.
        noClasses().that().haveFullyQualifiedName("io.starling.core.component.ComponentStream")
                .or().haveFullyQualifiedName("io.starling.core.component.ComponentTransport")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(CLASSES);
    }

    @Test
    void sessionModelAndRouting_stayFreeOfNetty() {
        noClasses().that().resideInAnyPackage("io.starling.core.session..", "io.starling.core.stanza..",
                        "io.starling.core.jid..", "io.starling.core.iq..", "io.starling.core.spi..",
                        "io.starling.core.sasl..", "io.starling.core.user..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(CLASSES);
    }
}
