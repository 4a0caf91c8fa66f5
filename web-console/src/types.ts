// The API's shapes (functions/.../SessionViews.java, TenantHandler.java, SignupHandler.java).
import type { Flag } from './constants';

export interface SessionSummary {
  sessionId: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  entryUrl: string | null;
  urls: string[];
  pageCount: number;
  eventCount: number;
  clickCount: number;
  rageClickCount: number;
  deadClickCount: number;
  errorClickCount: number;
  errorCount: number;
  quickBackCount: number;
  excessiveScrollCount: number;
  formAbandonmentCount: number;
  flags: Flag[];
  userId: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  /** The session this one was opened from (its tab was copied from that session's tab), or null. */
  openerSessionId?: string | null;
  /** The session told in plain sentences, derived by the API from the stored state (docs/FRUSTRATION.md, "Session story"). */
  story: SessionStory;
}

/** Pages as the insights name them (no query, ids as `:id`); never a typed value. */
export interface SessionStory {
  text: string;
  pages: string[];
  morePages: number;
  exitPage: string | null;
}

export interface SessionPage {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

export interface Frustration {
  type: 'rage_click' | 'dead_click' | 'error_click' | 'error' | 'quick_back' | 'excessive_scroll' | 'form_abandonment' | string;
  timestamp: string;
  offsetMs: number;
  x: number;
  y: number;
  target: { nodeId: number; selector?: string; text?: string };
  clickCount?: number;
}

export interface ChunkRef {
  seq: number;
  url: string;
}

export interface SessionDetail extends SessionSummary {
  frustrations: Frustration[];
  chunks: ChunkRef[];
  replayUrl?: string;
  /** Recorded URL to a short-lived URL of the tenant's stored copy (docs/ASSETS.md). */
  assets?: Record<string, string>;
  /** How long the `assets` URLs work from the answer: the player fetches the detail again before that. */
  assetsValidForSeconds?: number;
}

/** A tenant's limits: chunks a minute over every ingest instance, sessions started a month (UTC). */
export interface Plan {
  chunksPerMinute: number;
  sessionsPerMonth: number;
}

export interface Tenant {
  tenantId: string;
  organization: string;
  email: string;
  retentionDays: number;
  allowedOrigins: string[];
  sampleRate: number;
  maskAllText: boolean;
  consentRequired: boolean;
  frustrationRules: FrustrationRules;
  /** The current ingest key and its snippet: public by nature, so always given (null for a tenant made before it was kept, until it rotates). */
  ingestKey?: string | null;
  snippet?: string | null;
  /** The console levels the recorder captures; [] captures none. */
  consoleLevels: string[];
  /** Which assets the recorder stores for replays (docs/ASSETS.md). */
  captureAssets: AssetCapture;
  /** Whether the recorder records canvas content, at a low frame rate. */
  recordCanvas: boolean;
  /** Origins whose pages were refused lately because they are not allowed, newest first. */
  refusedOrigins?: { origin: string; lastRefusedAt: string }[];
  /** What the tenant may send, set by the operator (docs/INGEST.md, "Per-tenant limits"); read-only. */
  plan: Plan;
}

/** The thresholds of the frustration rules (docs/FRUSTRATION.md); the server checks their ranges. */
export interface FrustrationRules {
  rageMinClicks: number;
  rageMaxIntervalMs: number;
  rageRadiusPx: number;
  deadWindowMs: number;
  deadScrollWindowMs: number;
  errorClickWindowMs: number;
  quickBackWindowMs: number;
  excessiveScrollReversals: number;
  excessiveScrollWindowMs: number;
}

/** A re-score of the tenant's sessions with its current thresholds (docs/FRUSTRATION.md, "Re-score history"). */
export interface Rescore {
  state: 'none' | 'running' | 'done';
  runId?: string;
  sessionsRescored?: number;
  sessionsChanged?: number;
  sessionsSkipped?: number;
  startedAt?: string;
  updatedAt?: string;
  finishedAt?: string;
  frustrationRules?: FrustrationRules;
}

export type AssetCapture = 'all' | 'fonts_and_stylesheets' | 'none';

export type TenantSettings = Partial<
  Pick<
    Tenant,
    | 'retentionDays'
    | 'allowedOrigins'
    | 'sampleRate'
    | 'maskAllText'
    | 'consentRequired'
    | 'frustrationRules'
    | 'consoleLevels'
    | 'captureAssets'
    | 'recordCanvas'
  >
>;

export interface Signup {
  tenantId: string;
  ingestKey: string;
  apiKey: string;
  snippet: string;
}

export interface RotatedKey {
  kind: 'ingest' | 'api';
  key: string;
  snippet?: string;
}

export interface Share {
  url: string;
  token: string;
  id: string;
  expiresAt: string;
}

/** A share link as listed: never its token, which is shown once. */
export interface ShareLink {
  id: string;
  expiresAt: string;
}

/** An rrweb event as stored in a chunk: only the fields the console reads are typed. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** GET /v1/usage. */
export interface Usage {
  plan: Plan;
  month: string;
  sessionsThisMonth: number;
  days: UsageDay[];
}

export interface UsageDay {
  day: string;
  sessions: number;
  chunks: number;
  bytes: number;
}
