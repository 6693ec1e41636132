import type { DoctorReport, Finding, Labels } from './types.js';
import { SEVERITIES } from './types.js';

/** Label sets shown per finding in the text report; the JSON has them all. */
const LABELS_SHOWN = 4;

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0
    ? '{}'
    : `{${entries.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ')}}`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function renderFinding(finding: Finding): string[] {
  const lines = [
    `${finding.severity.toUpperCase().padEnd(7)} ${finding.family}  [${finding.check}]`,
    `        ${finding.message}`,
  ];
  if (finding.labels.length > 0) {
    const shown = finding.labels.slice(0, LABELS_SHOWN).map(formatLabels).join(' ');
    const more = finding.labels.length > LABELS_SHOWN ? ` and ${finding.labels.length - LABELS_SHOWN} more` : '';
    lines.push(`        series: ${shown}${more}`);
  }
  lines.push(`        fix: ${finding.fix}`);
  return lines;
}

/** The report as a terminal reads it: the families, then the findings, worst first. */
export function renderDoctorText(report: DoctorReport): string {
  const kinds = ['classic', 'native', 'both'].map(
    (kind) => `${report.families.filter((family) => family.kind === kind).length} ${kind}`,
  );
  const lines = [
    `doctor: ${report.families.length} histogram families on ${report.prometheusUrl}${report.match ? ` matching ${report.match}` : ''} (${kinds.join(', ')})`,
    '',
  ];
  if (report.families.length > 0) {
    lines.push(
      ...table([
        ['FAMILY', 'KIND', 'SERIES', 'STORED', 'BUCKETS', 'OBSERVATIONS'],
        ...report.families.map((family) => [
          family.name,
          family.kind,
          String(family.series),
          String(family.classicSeries + (family.kind === 'classic' ? 0 : family.series)),
          family.kind === 'native'
            ? `native scale ${family.nativeScales.join('/') || 'custom'}`
            : `${family.bucketsPerSeries}${family.layouts > 1 ? ` (${family.layouts} layouts)` : ''}`,
          String(family.observations),
        ]),
      ]),
      '',
    );
  }
  for (const finding of report.findings) lines.push(...renderFinding(finding), '');
  const counts = [...SEVERITIES]
    .reverse()
    .map((severity) => `${report.findings.filter((finding) => finding.severity === severity).length} ${severity}`);
  lines.push(`${counts.join(', ')} (worst-case quantile error threshold ${report.maxError * 100}%)`);
  return `${lines.join('\n')}\n`;
}
