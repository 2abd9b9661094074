import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (GET /metrics, lib/observability/metrics-endpoint.ts). One registry per process,
 * on globalThis: server.ts and Next's bundles each load modules separately, and both must count into it.
 *
 *   minsheng_http_request_duration_seconds{method, route, status}   histogram, route = Next's folder notation
 *   minsheng_sockets_connected                                        gauge, Socket.IO connections in this process
 *   minsheng_realtime_broadcasts_total{event}                         counter, room emits this process published
 *   minsheng_socket_acks_total{event, outcome}                        counter, socket events acknowledged
 *                                                                     (question acks: event="question:ask")
 *   minsheng_socket_ack_duration_seconds{event}                       histogram, event received → ack sent
 *   minsheng_db_query_duration_seconds{outcome}                       histogram, query sent → answered, pool wait included
 *   minsheng_db_queries_in_flight                                     gauge, queries waiting for or running on a connection
 *   minsheng_db_pool_max_connections                                  gauge, the pool's size (postgres.js `max`)
 *   nodejs_eventloop_lag_seconds, process_*, nodejs_*                 prom-client's default metrics
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  socketsConnected: Gauge;
  broadcasts: Counter<'event'>;
  socketAcks: Counter<'event' | 'outcome'>;
  socketAckDuration: Histogram<'event'>;
  dbQueryDuration: Histogram<'outcome'>;
  dbInFlight: Gauge;
  dbPoolMax: Gauge;
}

const holder = globalThis as unknown as {
  __minshengMetrics?: Metrics;
  /** Read at scrape time: the Socket.IO server's connection count (set by lib/realtime/server.ts). */
  __minshengSocketCount?: () => number;
};

export function metrics(): Metrics {
  if (holder.__minshengMetrics) return holder.__minshengMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m: Metrics = {
    registry,
    httpDuration: new Histogram({
      name: 'minsheng_http_request_duration_seconds',
      help: 'HTTP requests answered by this process (Socket.IO excluded), by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    socketsConnected: new Gauge({
      name: 'minsheng_sockets_connected',
      help: 'Socket.IO connections open in this process',
      registers: [registry],
      collect() {
        this.set(holder.__minshengSocketCount?.() ?? 0);
      },
    }),
    broadcasts: new Counter({
      name: 'minsheng_realtime_broadcasts_total',
      help: 'Room broadcasts published by this process (each counted once, however many sockets receive it)',
      labelNames: ['event'],
      registers: [registry],
    }),
    socketAcks: new Counter({
      name: 'minsheng_socket_acks_total',
      help: 'Socket events acknowledged, by event and outcome (ok, rejected, unavailable, error)',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    }),
    socketAckDuration: new Histogram({
      name: 'minsheng_socket_ack_duration_seconds',
      help: 'Time from a socket event arriving to its acknowledgement',
      labelNames: ['event'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'minsheng_db_query_duration_seconds',
      help: 'Database queries from sending to the answer, waiting for a pooled connection included',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    dbInFlight: new Gauge({
      name: 'minsheng_db_queries_in_flight',
      help: 'Database queries waiting for a connection or running; near the pool size means the pool is the bottleneck',
      registers: [registry],
    }),
    dbPoolMax: new Gauge({
      name: 'minsheng_db_pool_max_connections',
      help: 'Connections the pool may open (0: embedded PGlite, one in-process connection)',
      registers: [registry],
    }),
  };
  holder.__minshengMetrics = m;
  return m;
}

/** Where the sockets gauge reads its value at scrape time (lib/realtime/server.ts). */
export function setSocketCountSource(source: (() => number) | undefined): void {
  holder.__minshengSocketCount = source;
}

/** The database driver's hook (lib/db#openDatabase): call at send, call the result with the outcome when answered. */
export function observeQuery(): (ok: boolean) => void {
  const m = metrics();
  m.dbInFlight.inc();
  const end = m.dbQueryDuration.startTimer();
  let done = false;
  return (ok) => {
    if (done) return;
    done = true;
    m.dbInFlight.dec();
    end({ outcome: ok ? 'ok' : 'error' });
  };
}
