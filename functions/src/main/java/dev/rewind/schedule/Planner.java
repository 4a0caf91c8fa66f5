package dev.rewind.schedule;

import dev.rewind.common.Log;
import dev.rewind.tenants.TenantStore;
import dev.rewind.tenants.TenantStore.TenantPage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first half of the fan-out (docs/SCALE.md, "Fan-out"): pages through every tenant, one Scan page
 * at a time, and puts one message per tenant on the work queue. Out of time, it puts its own
 * continuation there, the tenant cursor in it, so however many tenants there are every one is reached:
 * a worker picks the continuation up and plans on from where this stopped.
 */
public final class Planner {
    /** Tenant ids read per Scan request: a page is sent as 100 SendMessageBatch requests. */
    static final int TENANT_PAGE = 1000;

    /** What one planning call did: tenants enqueued, Scan pages read, and whether it reached the last tenant. */
    public record Plan(int tenants, int pages, boolean complete) {
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("tenants", tenants);
            map.put("pages", pages);
            map.put("complete", complete);
            return map;
        }
    }

    private final TenantStore tenants;
    private final WorkQueue queue;
    private final int pageSize;

    public Planner(TenantStore tenants, WorkQueue queue) {
        this(tenants, queue, TENANT_PAGE);
    }

    /** A smaller page lets a test plan in several pages with a few tenants. */
    Planner(TenantStore tenants, WorkQueue queue, int pageSize) {
        this.tenants = tenants;
        this.queue = queue;
        this.pageSize = pageSize;
    }

    /**
     * Plans {@code job} from the tenant cursor {@code after} (null: the first tenant); reads at least one
     * page, and no further page once {@code budget} is spent.
     */
    public Plan plan(Job job, String after, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int enqueued = 0;
        int pages = 0;
        String cursor = after;
        while (true) {
            TenantPage page = tenants.tenantPage(cursor, pageSize);
            queue.send(page.tenantIds().stream()
                    .map(tenantId -> WorkMessage.tenant(job, tenantId, null))
                    .toList());
            enqueued += page.tenantIds().size();
            pages++;
            cursor = page.next();
            if (cursor == null) {
                return planned(job, new Plan(enqueued, pages, true));
            }
            if (System.nanoTime() - deadline > 0) {
                queue.send(List.of(WorkMessage.plan(job, cursor)));
                return planned(job, new Plan(enqueued, pages, false));
            }
        }
    }

    private static Plan planned(Job job, Plan plan) {
        Log.info(
                "schedule_planned",
                "job",
                job.id,
                "tenants",
                plan.tenants(),
                "pages",
                plan.pages(),
                "complete",
                plan.complete());
        return plan;
    }
}
