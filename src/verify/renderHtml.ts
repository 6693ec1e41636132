import type { VerifyReport } from './report.js';

export async function renderHtml(report: VerifyReport): Promise<string> {
  return `<!doctype html><pre>${JSON.stringify(report)}</pre>`;
}
