"""AWS cost per 1,000 sessions (docs/COST.md), from the measured figures below and us-east-1 list prices
(no free tier). Prints the per-line arithmetic for a 2-minute session and the totals for 1/2/5/30-minute
sessions as Markdown. `make bench` prints it after its table; `python3 scripts/cost.py` runs it alone. Change a measured figure here when a benchmark moves it, and say so in COST.md."""
import math

# --- measured (docs/COST.md says how) ---------------------------------------------------------------
BATCH_S = 60                 # recorder: a chunk per 60 s while visible, plus one on page hide (one request: quickGzip)
CHUNKS_2MIN = 2              # ceil(120 s / 60 s); the Chromium shop journey (recorder-sdk bench) cut 2 in a 114 s visit
GZIP_KB_PER_MIN = 14.1       # same benchmark, gzip bytes the endpoint received per minute (the page-hide tail leaves stored)
ITEM_WRU = 1                 # session item 706-741 B after each chunk, state deflated (SessionItemSizeIT) -> 1 WRU
ITEM_RRU = 1                 # consistent GetItem of an item <= 4 KB
INDEX_WRU_PER_SESSION = 2    # keys-only byStart entry when the session starts, + one user/flag entry
OPEN_INDEX_WRU = 2           # byOpen entry written when the session starts, deleted when it is finished
DELETE_ITEM_WRU = ITEM_WRU + 2  # DeleteItem: the item's size + 1 per index entry it leaves
USER_LINK_WRU = 1            # user link (UserSessions) put at the first chunk carrying the id, deleted with the session
RECORDER_KB = 29.8           # dist/rewind.js gzip, 30,557 B (npm run build)
HOTSPOT_KEYS_PER_SAVE = 2    # a frustration counts on its page and its element (InsightsIT: the rage journey, one save, 2 aggregates)
CANVAS_GZIP_KB_PER_MIN = 378.2  # a 600x300 chart changing each second, canvas recorded (bench/canvas.mjs, docs/ASSETS.md "Canvas")
CANVAS_CHUNKS_PER_MIN = 9    # same run: the recorder's byte limit cuts a chunk more often than every 30 s

# --- assumed ----------------------------------------------------------------------------------------
INGEST_MB = 1024             # Routes.INGEST
INGEST_BILLED_MS = 35        # 3 AWS round trips (GetItem, PutObject, PutItem) + <= 2 ms CPU (IngestBenchmark)
CONFIG_BILLED_MS = 10        # GET /v1/ingest/config: key cache hit, no AWS call
LOG_KB_PER_INVOCATION = 0.6  # Lambda START/END/REPORT lines; ingest logs nothing per chunk
CONFIG_EVERY_MIN = 5         # the browser re-asks once the 5-minute Cache-Control has run out
REPLAYED = 0.05              # share of sessions someone watches: 3 API calls + one S3 GET per chunk
FRUSTRATED = 0.3             # share of sessions with a rage, dead or error click, an error, a quick back, excessive scrolling or an abandoned form (docs/INSIGHTS.md, Cost; the last three taken to add a tenth)
COUNTING_SAVES = 1.5         # saves of a frustrated session that change its hotspots (a chunk with a new one, the finish)
WITH_ERROR = 0.1             # share of sessions with a JavaScript error (docs/INSIGHTS.md, "Error groups")
ERROR_GROUP_WRU = 5          # a save that adds to a group: its day item (2) and group item (2, 4 past 1 KB), 4-6 WRU
ERROR_GROUP_RRU = 2          # the consistent BatchGet of the two items
SESSIONS_API_MS, SESSIONS_MB = 60, 1024
ACCESS_LOG_KB = 0.4          # one API Gateway access log line (JSON, route key, no path or query)
# per-tenant limits and usage (docs/INGEST.md, "Per-tenant limits", "Usage"), each an UpdateItem of a ~100 B item
USAGE_WRU_PER_CHUNK = 1      # the day's counters (sessions, chunks, bytes), ADD, beside the chunk's S3 put
QUOTA_WRU_PER_SESSION = 1    # the month's sessions, a conditional ADD before the first chunk is stored
EMF_KB_PER_CHUNK = 0.45      # one EMF document a stored chunk: 289 B measured (EmfMetricsIT) + Lambda's ~150 B of properties
LEASE_WRU_PER_CHUNK = 0.25   # the minute's chunk leases: 1/50 for a busy instance, up to 1 for a tenant it sees once a minute
# asset capture, on by default (docs/ASSETS.md, "Cost"): a tenant whose assets are stored already
ASSET_OFFERS = 1             # one offer a page view that finds new URLs; the tab remembers the ones referenced
ASSETS_BILLED_MS, ASSETS_MB = 40, 512  # Routes.ASSETS: HEADs only for copies unseen for 12 h
ASSET_CHUNKS_READ = 1        # the session detail reads the chunks whose `asset` events name the copies: the first, mostly

# --- us-east-1 list prices (checked 2026-11-27) ------------------------------------------------------
API_PER_REQ = 1.00 / 1e6                 # API Gateway HTTP API, first 300 M a month
LAMBDA_PER_REQ = 0.20 / 1e6
LAMBDA_PER_GBS = 0.0000133334            # arm64
S3_PUT_LIST_POST = 0.005 / 1000          # PUT, COPY, POST (DeleteObjects), LIST
S3_GET = 0.0004 / 1000
S3_DELETE = 0.0                          # DELETE requests are free
S3_GB_MONTH = 0.023
WRU = 0.625 / 1e6                        # DynamoDB on-demand
RRU = 0.125 / 1e6
LOGS_PER_GB = 0.50
CF_PER_REQ = 0.0100 / 10_000             # CloudFront HTTPS, North America
CF_PER_GB = 0.085
CF_TO_ORIGIN_PER_GB = 0.02               # CloudFront to the origin (request bodies)
WAF_PER_REQ = 0.60 / 1e6                 # AWS WAF, per request the web ACL inspects


def lambda_cost(ms, mb):
    return LAMBDA_PER_REQ + ms / 1000 * mb / 1024 * LAMBDA_PER_GBS


def invocation(ms, mb):
    """One API request: API Gateway + Lambda + its log lines."""
    return API_PER_REQ + lambda_cost(ms, mb) + LOG_KB_PER_INVOCATION / 1024 / 1024 * LOGS_PER_GB


def front_door():
    """One API request through CloudFront and AWS WAF, with its API access log line. The origin verifier
    (the API's Lambda authorizer) is cached an hour per header value: about one invocation an hour."""
    return CF_PER_REQ + WAF_PER_REQ + ACCESS_LOG_KB / 1024 / 1024 * LOGS_PER_GB


def chunks_for(minutes):
    return CHUNKS_2MIN if minutes == 2 else math.ceil(minutes * 60 / BATCH_S)


def lines(minutes, canvas=False):
    """(what, count per session, unit price, note) for one session of this length; `canvas`: a chart recorded."""
    chunks = math.ceil(minutes * CANVAS_CHUNKS_PER_MIN) if canvas else chunks_for(minutes)
    config_calls = math.ceil(minutes / CONFIG_EVERY_MIN)
    kb = (CANVAS_GZIP_KB_PER_MIN if canvas else GZIP_KB_PER_MIN) * minutes
    return [
        ("ingest request (API GW + Lambda 35 ms @1 GB + logs)", chunks, invocation(INGEST_BILLED_MS, INGEST_MB), "per chunk"),
        ("chunk PUT to S3", chunks, S3_PUT_LIST_POST, "per chunk"),
        ("session item read (consistent GetItem)", chunks, ITEM_RRU * RRU, f"{ITEM_RRU} RRU per chunk"),
        ("session item write (PutItem)", chunks, ITEM_WRU * WRU, f"{ITEM_WRU} WRU per chunk"),
        ("index entries (keys-only GSIs)", 1, INDEX_WRU_PER_SESSION * WRU, f"{INDEX_WRU_PER_SESSION} WRU per session"),
        ("idle finisher: byOpen entry in and out", 1, OPEN_INDEX_WRU * WRU, f"{OPEN_INDEX_WRU} WRU per session"),
        ("idle finisher: BatchGet + GetItem + PutItem", 1, 1.5 * ITEM_RRU * RRU + ITEM_WRU * WRU,
         f"0.5 + 1 RRU + {ITEM_WRU} WRU, 30-40 min after the last chunk"),
        ("config call (cached 5 min by the browser)", config_calls, invocation(CONFIG_BILLED_MS, INGEST_MB), "per 5 minutes"),
        ("recorder from CloudFront", 1, CF_PER_REQ + RECORDER_KB / 1024 / 1024 * CF_PER_GB, f"{RECORDER_KB} KB, once per session at most"),
        ("user link: PutItem, DeleteItem at expiry", 1, 2 * USER_LINK_WRU * WRU, f"{2 * USER_LINK_WRU} WRU per identified session"),
        ("expiry: GetItem + DeleteItem", 1, ITEM_RRU * RRU + DELETE_ITEM_WRU * WRU, f"1 RRU + {DELETE_ITEM_WRU} WRU"),
        ("expiry: its share tokens (Query on bySession)", 1, 0.5 * RRU, "0.5 RRU, no share to delete"),
        ("expiry: one ListObjectsV2", 1, S3_PUT_LIST_POST, "then free DELETEs (<= 16 objects)"
         if chunks <= 16 else "then one DeleteObjects"),
        ("expiry: deletes", 1, S3_DELETE if chunks <= 16 else S3_PUT_LIST_POST * math.ceil(chunks / 1000), ""),
        (f"hotspots: {FRUSTRATED:.0%} of sessions, {COUNTING_SAVES:g} counting saves each", FRUSTRATED,
         COUNTING_SAVES * (ITEM_WRU * WRU + HOTSPOT_KEYS_PER_SAVE * (2 * WRU + 1 * RRU)),
         f"a transaction: +{ITEM_WRU} WRU for the session, {HOTSPOT_KEYS_PER_SAVE} aggregates x (2 WRU + 1 RRU)"),
        (f"error groups: {WITH_ERROR:.0%} of sessions, {COUNTING_SAVES:g} saves each", WITH_ERROR,
         COUNTING_SAVES * (ERROR_GROUP_WRU * WRU + ERROR_GROUP_RRU * RRU),
         f"{ERROR_GROUP_WRU} WRU + {ERROR_GROUP_RRU} RRU a save, in the hotspots' transaction"),
        ("storage, one month (S3 + DynamoDB)", 1, kb / 1024 / 1024 * S3_GB_MONTH + 1.3 / 1024 / 1024 * 0.25, f"{kb:.0f} KB gzip"),
        (f"console: {REPLAYED:.0%} replayed", REPLAYED,
         3 * invocation(SESSIONS_API_MS, SESSIONS_MB) + 3 * ITEM_RRU * RRU + (chunks + 3 * ASSET_CHUNKS_READ) * S3_GET,
         "3 API calls (each detail reads the chunk naming assets) + a GET per chunk"),
        ("front door: CloudFront + WAF + access log, per request", chunks + config_calls, front_door(),
         "every chunk and config call"),
        ("front door: chunks from CloudFront to the API", 1, kb / 1024 / 1024 * CF_TO_ORIGIN_PER_GB, f"{kb:.0f} KB gzip"),
        ("usage: the day's counters", chunks, USAGE_WRU_PER_CHUNK * WRU, f"{USAGE_WRU_PER_CHUNK} WRU per chunk"),
        ("quota: the session admitted against the month", 1, QUOTA_WRU_PER_SESSION * WRU, f"{QUOTA_WRU_PER_SESSION} WRU per session"),
        ("rate limit: chunk leases of the minute", chunks, LEASE_WRU_PER_CHUNK * WRU, f"{LEASE_WRU_PER_CHUNK} WRU per chunk (0.02-1)"),
        ("metrics: an EMF document per chunk (logs)", chunks, EMF_KB_PER_CHUNK / 1024 / 1024 * LOGS_PER_GB,
         f"{EMF_KB_PER_CHUNK} KB per chunk; the metrics themselves are fixed, per month"),
        ("assets: the offer (front door + API GW + Lambda 40 ms @512 MB + logs)", ASSET_OFFERS,
         front_door() + invocation(ASSETS_BILLED_MS, ASSETS_MB),
         "copies stored already: no upload, no commit; named in the recording, no write"),
    ]


def per_thousand(minutes, canvas=False):
    return sum(count * price for _, count, price, _ in lines(minutes, canvas)) * 1000


def main():
    print("AWS cost of a 2-minute session, per 1,000 sessions (us-east-1 list prices, no free tier)\n")
    print("| line | per session | unit price | per 1,000 sessions | note |")
    print("|---|---:|---:|---:|---|")
    for what, count, price, note in lines(2):
        print(f"| {what} | {count:g} | ${price:.8f} | ${count * price * 1000:.4f} | {note} |")
    total = per_thousand(2)
    verdict = "within" if total <= 0.05 else f"over by ${total - 0.05:.4f} ({(total / 0.05 - 1):.0%})"
    print(f"| **total** | | | **${total:.4f}** | budget $0.05 (ARCHITECTURE.md, Budgets): {verdict} |\n")
    print("| session | chunks | per 1,000 sessions |")
    print("|---|---:|---:|")
    for minutes in (1, 2, 5, 30):
        print(f"| {minutes} min | {chunks_for(minutes)} | ${per_thousand(minutes):.4f} |")
    print(f"| 2 min, a chart recorded (canvas, opt-in) | {math.ceil(2 * CANVAS_CHUNKS_PER_MIN)} | ${per_thousand(2, canvas=True):.4f} |")


if __name__ == "__main__":
    main()
