/**
 * The log of every product, storage and queue call the app made (GET /__site/requests).
 */
export interface LoggedRequest {
  seq: number;
  /** Wall-clock time the call started (ISO 8601). */
  at: string;
  /** The site clock's time when the call started (ISO 8601). */
  siteTime: string;
  target: 'jira' | 'confluence' | 'kvs' | 'queue' | 'other';
  method: string;
  path: string;
  actor: 'app' | 'user';
  accountId?: string;
  status: number;
  durationMs: number;
  functionKey: string;
  moduleKey: string;
  invocationId: string;
  /** Set when a fault rule answered instead of the product. */
  fault?: boolean;
  /** The calling invocation's platform time when the call started (site clock plus accounted latency). */
  platformTime?: string;
  /** Bytes of the request body and of the answer's body. */
  requestBytes?: number;
  responseBytes?: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 20000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  /** Entries with `seq > since`, oldest first. */
  list(since = 0): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > since);
  }

  clear(): void {
    this.entries = [];
  }
}
