import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/verify/renderHtml.js';
import { ERROR_DEFINITION, EXACT_DEFINITION, type VerifyReport } from '../../src/verify/report.js';
import { forRandomCases } from '../helpers/property.js';

/** A one-scope report whose every name, label value and message is `text` (a server's or a truth file's words). */
function reportNaming(text: string): VerifyReport {
  return {
    generatedAt: '2026-01-01T00:00:00.000Z',
    prometheusUrl: `http://prometheus/${text}`,
    truthSource: text,
    live: false,
    quantiles: [0.5],
    exactDefinition: EXACT_DEFINITION,
    errorDefinition: ERROR_DEFINITION,
    pipelines: [{ name: text, title: text, template: `$metric{job="${text}"}` }],
    representations: [{ metric: text, pipeline: text, representations: ['classic'], message: text }],
    scopes: [
      {
        metric: text,
        unit: 'other',
        scope: `file_type="${text}"`,
        labels: { file_type: text },
        pipelines: [
          {
            pipeline: text,
            representation: 'classic',
            present: true,
            count: 2,
            sum: 3,
            mean: 1.5,
            buckets: [
              { le: '1.0', count: 1 },
              { le: '+Inf', count: 2 },
            ],
            estimates: [{ quantile: 0.5, estimate: 1, guaranteed: { lower: 0, upper: 1 }, unbounded: false }],
          },
        ],
        quantileErrors: [],
      },
    ],
    thresholds: [
      {
        metric: text,
        scope: `file_type="${text}"`,
        pipeline: text,
        representation: 'classic',
        value: 1,
        estimate: 0.5,
        interval: [0.5, 0.5],
        exact: 0.5,
        error: 0,
        boundary: true,
      },
    ],
    disagreements: [{ metric: text, scope: text, pipeline: text, against: 'truth', field: 'count', message: text }],
    verdict: 'disagree',
  };
}

/** The document's structure: each tag's name and attribute names, in order (values and text left out). */
function structure(html: string): string[] {
  return [...html.matchAll(/<(\/?[a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"']+(?:="[^"]*")?)*)\s*\/?>/g)].map(
    ([, tag, attributes]) =>
      `${tag}${[...(attributes ?? '').matchAll(/\s+([^\s=>"']+)(?:="[^"]*")?/g)].map(([, name]) => ` ${name}`).join('')}`,
  );
}

/** Markup that breaks out of text, attributes, a script or a style, from the OWASP cheat sheets. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '<!--',
  ']]>',
  '</style><svg onload=alert(1)>',
  '&lt;b&gt;',
  '\u2028\u2029',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '{"__proto__": 1}',
  '`$' + '{alert(1)}`',
];

describe('the HTML report, given hostile names and label values', () => {
  it('keeps the structure it has with harmless names, on random mixes of known payloads', async () => {
    const harmless = structure(await renderHtml(reportNaming('pdf')));
    const cases: string[] = [];
    forRandomCases(40, (random) => {
      cases.push(
        Array.from({ length: random.integer(1, 4) }, () => PAYLOADS[random.integer(0, PAYLOADS.length - 1)]).join(''),
      );
    });
    for (const text of cases) {
      expect(structure(await renderHtml(reportNaming(text))), JSON.stringify(text)).toEqual(harmless);
    }
  });

  it('keeps the data the charts read whole, payloads included', async () => {
    const text = PAYLOADS.join('');
    const html = await renderHtml(reportNaming(text));
    const data = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect((JSON.parse(data) as VerifyReport).scopes[0]?.metric).toBe(text);
  });
});

describe('the HTML report of thresholds', () => {
  it('shows the share at or below each threshold with the text table’s figures', async () => {
    const html = await renderHtml(reportNaming('api'));
    expect(html).toContain('<table class="thresholds">');
    expect(html).toContain(
      '<td data-pipeline="api" data-representation="classic" data-threshold="1" data-field="estimate">50.00%</td>',
    );
    expect(html).toContain('data-field="boundary">bucket boundary: exact</td>');
  });
});
