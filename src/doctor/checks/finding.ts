/** A finding's shape and the number formats its messages share. */
import type { FamilyData, Finding, Labels, Severity } from '../types.js';

export function round(value: number, digits = 4): number {
  return Number(value.toPrecision(digits));
}

export function percent(share: number): string {
  return `${round(share * 100, 3)}%`;
}

export function finding(
  family: FamilyData,
  severity: Severity,
  check: string,
  message: string,
  fix: string,
  labels: readonly Labels[],
  evidence: Record<string, unknown>,
): Finding {
  return { severity, family: family.name, check, message, fix, labels, evidence };
}
