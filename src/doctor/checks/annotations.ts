/** What Prometheus itself annotates on the family's quantile query, with a fix per kind of annotation. */
import type { FamilyData, Finding } from '../types.js';
import { finding } from './finding.js';

function annotationFix(text: string): string {
  if (text.includes('monotonic')) {
    return (
      "A series' bucket counts are not cumulative: every bucket must count all observations at or below its le. " +
      'A hand-written exposition or two targets writing one series is the usual cause.'
    );
  }
  if (text.includes('mix of classic and native')) {
    return 'Query one representation: name_bucket for classic, name for native.';
  }
  if (text.includes('bucket label')) return 'Give every _bucket series an le label holding a number or +Inf.';
  return 'Run the query in the Prometheus UI to see the annotation in context.';
}

/** What Prometheus itself says when it answers the family's standard quantile query. */
export function checkAnnotations(family: FamilyData): Finding[] {
  return family.annotations.map((annotation) =>
    finding(
      family,
      annotation.severity,
      'promql-annotation',
      `Prometheus annotates the quantile query: ${annotation.text.replace(/^PromQL (warning|info): /, '')}`,
      annotationFix(annotation.text),
      [],
      { query: annotation.query, annotation: annotation.text },
    ),
  );
}
