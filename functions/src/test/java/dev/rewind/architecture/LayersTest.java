package dev.rewind.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of functions/ as docs/ARCHITECTURE.md draws them: the Lambda entry layer (lambda/, priming/)
 * binds the HTTP handlers (http/) and the scheduled and stream handlers to the wiring ({@code Rewind});
 * the wiring builds the core's services on the ports, with the AWS adapters (aws/) behind them. No import
 * climbs back up, the core knows neither HTTP nor AWS, and no two packages depend on each other.
 */
@AnalyzeClasses(packages = "dev.rewind", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
    /** The domain: rules, services and the ports they use; shared utilities and definitions. */
    private static final String[] CORE = {
        "dev.rewind.common..",
        "dev.rewind.frustration..",
        "dev.rewind.ingest..",
        "dev.rewind.retention..",
        "dev.rewind.schedule..",
        "dev.rewind.sessions..",
        "dev.rewind.storage..",
        "dev.rewind.tenants.."
    };

    @ArchTest
    static final ArchRule layersAreOnlyUsedFromAbove = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Entry")
            .definedBy("dev.rewind.lambda..", "dev.rewind.priming..")
            .layer("Wiring")
            .definedBy("dev.rewind")
            .layer("Http")
            .definedBy("dev.rewind.http..")
            .layer("Adapters")
            .definedBy("dev.rewind.aws..")
            .layer("Core")
            .definedBy(CORE)
            .whereLayer("Entry")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Wiring")
            .mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Http")
            .mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Adapters")
            .mayOnlyBeAccessedByLayers("Wiring", "Entry")
            .whereLayer("Core")
            .mayOnlyBeAccessedByLayers("Entry", "Wiring", "Http", "Adapters");

    @ArchTest
    static final ArchRule theCoreKnowsNeitherAwsNorLambda = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("software.amazon..", "com.amazonaws.services.lambda..")
            .because(
                    "the core speaks rrweb JSON and its own ports; the SDK stays in aws/, the Lambda events in lambda/ and http/");

    @ArchTest
    static final ArchRule onlyTheMetricsAdapterKnowsPowertools = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.rewind.aws.EmfMetrics")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("software.amazon.lambda.powertools..", "software.amazon.cloudwatchlogs..")
            .because("the metrics are a port (common/Metrics); Powertools and EMF stay in aws/EmfMetrics");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.rewind.(*)..").should().beFreeOfCycles();
}
