import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectRecorder } from '../../src/apps/prom/DirectRecorder.js';
import { DemoError } from '../../src/errors/DemoError.js';
import { PortInUseError } from '../../src/errors/PortInUseError.js';
import {
  FILE_UPLOADS_TOTAL,
  HISTOGRAMS,
  type HistogramDefinition,
  UPLOADED_FILE_BYTES,
} from '../../src/metrics/definitions.js';
import { type Upload, uploadStream } from '../../src/workload/uploads.js';
import { closeTo, countsByFileType, expectedByFileType } from './expected.js';
import { type ExpositionSample, only, parsePrometheusText, select } from './promText.js';

const started: DirectRecorder[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((recorder) => recorder.shutdown()));
});

async function start(layout: 'seed' | 'fine' | 'otel-default' = 'seed'): Promise<DirectRecorder> {
  const recorder = await DirectRecorder.start({ host: '127.0.0.1', port: 0, layout });
  started.push(recorder);
  return recorder;
}

function take(seed: number, n: number): Upload[] {
  const result: Upload[] = [];
  for (const { fileType, bytes, seconds } of uploadStream(seed)) {
    if (result.length === n) break;
    result.push({ fileType, bytes, seconds });
  }
  return result;
}

function bucketBounds(samples: readonly ExpositionSample[], metric: HistogramDefinition, fileType: string): string[] {
  return select(samples, `${metric.name}_bucket`, { file_type: fileType }).map((sample) => sample.labels.le ?? '');
}

describe('DirectRecorder', () => {
  it('serves on /metrics exactly what it recorded, bucket by bucket, per file type', async () => {
    const recorder = await start();
    const uploads = take(21, 400);
    for (const upload of uploads) recorder.record(upload);

    const response = await fetch(recorder.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = parsePrometheusText(await response.text());

    for (const metric of HISTOGRAMS) {
      const bounds = metric.boundaries.seed;
      for (const [fileType, expected] of expectedByFileType(uploads, metric, bounds)) {
        const labels = { file_type: fileType };
        expect(bucketBounds(samples, metric, fileType)).toEqual([...bounds.map(String), '+Inf']);
        expect(select(samples, `${metric.name}_bucket`, labels).map((sample) => sample.value)).toEqual(
          expected.cumulativeCounts,
        );
        expect(only(samples, `${metric.name}_count`, labels)).toBe(expected.count);
        const sum = only(samples, `${metric.name}_sum`, labels);
        expect(closeTo(sum, expected.sum), `${metric.name} ${fileType} sum ${sum} vs ${expected.sum}`).toBe(true);
      }
    }
    for (const [fileType, count] of countsByFileType(uploads)) {
      expect(only(samples, FILE_UPLOADS_TOTAL.name, { file_type: fileType })).toBe(count);
    }
  });

  it('uses the fine layout when asked, and keeps the seed layout for otel-default (which concerns OTLP only)', async () => {
    const fine = await start('fine');
    const otelDefault = await start('otel-default');
    for (const recorder of [fine, otelDefault]) recorder.record({ fileType: 'small', bytes: 123_456, seconds: 0.3 });
    const fineSamples = parsePrometheusText(await (await fetch(fine.url)).text());
    const defaultSamples = parsePrometheusText(await (await fetch(otelDefault.url)).text());
    expect(bucketBounds(fineSamples, UPLOADED_FILE_BYTES, 'small')).toEqual([
      ...UPLOADED_FILE_BYTES.boundaries.fine.map(String),
      '+Inf',
    ]);
    expect(bucketBounds(defaultSamples, UPLOADED_FILE_BYTES, 'small')).toEqual([
      ...UPLOADED_FILE_BYTES.boundaries.seed.map(String),
      '+Inf',
    ]);
  });

  it('shows no file_type series before the first upload of that type', async () => {
    const recorder = await start();
    recorder.record({ fileType: 'medium', bytes: 700_000, seconds: 0.5 });
    const samples = parsePrometheusText(await (await fetch(recorder.url)).text());
    const types = new Set(select(samples, FILE_UPLOADS_TOTAL.name).map((sample) => sample.labels.file_type));
    expect([...types]).toEqual(['medium']);
  });

  it('answers 404 on any other path or method', async () => {
    const recorder = await start();
    const base = recorder.url.replace(/\/metrics$/, '');
    for (const path of ['/', '/metric', '/metrics/extra', '/favicon.ico']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(recorder.url, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(`${recorder.url}?name[]=uploaded_file_bytes`)).status).toBe(200);
  });

  it('refuses a port in use with a PortInUseError that names the port, before recording anything', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const attempt = DirectRecorder.start({ host: '127.0.0.1', port, layout: 'seed' });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DemoError);
      expect((error as PortInUseError).exitCode).toBe(1);
      expect((error as PortInUseError).message).toContain(`port ${port} on 127.0.0.1 is already in use`);
      // The domain error holds the facts; the CLI names the flag (`run --port`, `stack up --app-port`).
      expect((error as PortInUseError).port).toBe(port);
      expect((error as PortInUseError).message).not.toContain('--');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('releases its port on shutdown, and shutting down twice is harmless', async () => {
    const recorder = await DirectRecorder.start({ host: '127.0.0.1', port: 0, layout: 'seed' });
    const port = Number(new URL(recorder.url).port);
    await recorder.shutdown();
    await recorder.shutdown();
    const again = await DirectRecorder.start({ host: '127.0.0.1', port, layout: 'seed' });
    started.push(again);
    expect(again.url).toBe(`http://127.0.0.1:${port}/metrics`);
    await expect(fetch(again.url)).resolves.toHaveProperty('status', 200);
  });
});
