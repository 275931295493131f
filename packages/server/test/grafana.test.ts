import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../src/telemetry/metrics.js';

/** The dashboard shipped in the repository, as Grafana would import or provision it. */
const dashboard = JSON.parse(
  readFileSync(new URL('../grafana/refundkit-dashboard.json', import.meta.url), 'utf8'),
) as Dashboard;

/** Grafana's datasource variable: every panel and query points at it, so any Prometheus can be picked. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template.
const DS_UID = '${DS_PROMETHEUS}';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}

interface Panel {
  id: number;
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}

interface Dashboard {
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string }[] };
}

/** Every panel, rows' nested panels included; rows themselves hold no query. */
const queryPanels = (panels: Panel[]): Panel[] =>
  panels.flatMap((p) => (p.type === 'row' ? queryPanels(p.panels ?? []) : [p]));

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects: label matchers (`{…}`), groupings (`by (…)`),
 * ranges (`[…]`), strings and Grafana variables removed, then every identifier that is neither a
 * function call nor a keyword.
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\()?)/g)) {
    if (match[1] === '(' || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
}

/** The series a metric of each type renders besides its own name. */
const PARTS: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};
const seriesOf = ({ name, type }: { name: string; type: string }) => [
  name,
  ...(PARTS[type] ?? []).map((part) => name + part),
];

describe('the Grafana dashboard (grafana/refundkit-dashboard.json)', () => {
  let registered: { name: string; type: string }[];
  let exposed: Set<string>;
  const panels = queryPanels(dashboard.panels);

  beforeAll(async () => {
    // The server's real registry, as /metrics renders it, with sources that need no database.
    const metrics = new Metrics({
      queue: async () => ({ due: 0, scheduled: 0, oldestPendingRefundAt: null }),
      pool: () => ({ kind: 'postgres', total: 0, idle: 0, waiting: 0 }),
      now: () => Date.now(),
    });
    registered = (await metrics.registry.getMetricsAsJSON()).map(({ name, type }) => ({
      name,
      type: String(type),
    }));
    exposed = new Set(registered.flatMap(seriesOf));
  });

  it('is a schemaVersion 39 dashboard with a DS_PROMETHEUS datasource variable', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.uid).toBeTruthy();
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }),
    );
    expect(panels.length).toBeGreaterThan(0);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('gives every panel a title, the Prometheus datasource and queries', () => {
    for (const panel of panels) {
      expect(panel.title, `panel ${panel.id}`).toBeTruthy();
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DS_UID });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.expr, `${panel.title} ${target.refId}`).toBeTruthy();
        if (target.datasource) expect(target.datasource.uid, panel.title).toBe(DS_UID);
      }
    }
  });

  it('queries only metrics the server exposes', () => {
    const unknown: string[] = [];
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const names = metricNames(target.expr);
        // An expression in which no metric was found would make this test pass for nothing.
        expect(names.length, `${panel.title} ${target.refId}: ${target.expr}`).toBeGreaterThan(0);
        for (const name of names) if (!exposed.has(name)) unknown.push(`${panel.title}: ${name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("charts every one of the server's own metrics", () => {
    const used = new Set(panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))));
    const own = registered.filter((m) => m.name.startsWith('refundkit_'));
    expect(own.filter((m) => !seriesOf(m).some((series) => used.has(series))).map((m) => m.name)).toEqual([]);
  });

  it('would catch a misspelt metric (the check itself)', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(refundkit_http_request_duration_seconds_bucket{route!="x"}[$__rate_interval])))',
      ),
    ).toEqual(['refundkit_http_request_duration_seconds_bucket']);
    const typo = metricNames('sum by (dialect) (rate(refundkit_refunds_creatd_total[5m]))');
    expect(typo).toEqual(['refundkit_refunds_creatd_total']);
    expect(typo.filter((n) => !exposed.has(n))).toEqual(['refundkit_refunds_creatd_total']);
    expect(exposed.has('refundkit_http_request_duration_seconds')).toBe(true);
    expect(exposed.has('refundkit_refunds_created')).toBe(false);
  });
});
