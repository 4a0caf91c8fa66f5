package dev.rewind.assets;

import dev.rewind.common.TenantWalk;
import dev.rewind.common.WalkReport;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The assets' part of the retention sweep (docs/ASSETS.md, "Lifecycle"): for every tenant, the stored
 * copies no session inside its retention references, and uploads never committed, are deleted
 * ({@link Assets#sweep}). One unit of work per tenant.
 */
public final class AssetSweep {
    public static final String ASSETS_DELETED = "assetsDeleted";

    private static final TenantWalk WALK = new TenantWalk(
            "asset sweep",
            new TenantWalk.Events("assets_swept", "assets_tenant_swept", "assets_sweep_failed"),
            ASSETS_DELETED);

    private final TenantStore tenants;
    private final Assets assets;

    public AssetSweep(TenantStore tenants, Assets assets) {
        this.tenants = tenants;
        this.assets = assets;
    }

    public WalkReport run(Duration budget) {
        return WALK.run(tenants.allTenantIds(), budget, this::sweep);
    }

    /** One tenant's assets: the fan-out's worker runs it after the tenant's retention sweep (docs/SCALE.md). */
    public WalkReport runTenant(String tenantId, Duration budget) {
        return WALK.runTenant(tenantId, null, budget, this::sweep).report();
    }

    private TenantWalk.TenantRun<String> sweep(String tenantId) {
        Optional<Tenant> found = tenants.find(tenantId);
        if (found.isEmpty()) {
            return null;
        }
        Tenant tenant = found.get();
        return new TenantWalk.TenantRun<>() {
            @Override
            public TenantWalk.Page<String> page(String after, TenantWalk.Tally tally) {
                // the tenant's assets are one unit: one LIST of its prefix
                return new TenantWalk.Page<>(after == null ? List.of(tenantId) : List.of(), null);
            }

            @Override
            public void work(String unit, TenantWalk.Tally tally) {
                tally.add(ASSETS_DELETED, assets.sweep(tenant));
            }
        };
    }
}
