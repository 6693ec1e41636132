import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/UsageError.js';
import { prometheusConfigError } from '../../src/stack/NativeStack.js';
import {
  assetUrl,
  checksumFor,
  collectorRelease,
  downloadBase,
  prometheusRelease,
  releasePlatform,
  thanosRelease,
} from '../../src/stack/releases.js';

describe('release archives', () => {
  it('are named as upstream publishes them', () => {
    // Names from the release pages of Prometheus v3.16.0, opentelemetry-collector-releases
    // v0.155.0 (goreleaser) and Thanos v0.42.4 (promu).
    const linux = { os: 'linux', arch: 'amd64' };
    expect(prometheusRelease(linux)).toMatchObject({
      archive: 'prometheus-3.16.0.linux-amd64.tar.gz',
      checksums: 'sha256sums.txt',
      binaries: {
        prometheus: 'prometheus-3.16.0.linux-amd64/prometheus',
        promtool: 'prometheus-3.16.0.linux-amd64/promtool',
      },
    });
    expect(collectorRelease('0.155.0', { os: 'darwin', arch: 'arm64' })).toMatchObject({
      archive: 'otelcol_0.155.0_darwin_arm64.tar.gz',
      checksums: 'opentelemetry-collector-releases_otelcol_checksums.txt',
      binaries: { otelcol: 'otelcol' },
    });
    expect(thanosRelease(linux)).toMatchObject({
      archive: 'thanos-0.42.4.linux-amd64.tar.gz',
      checksums: 'sha256sums.txt',
      binaries: { thanos: 'thanos-0.42.4.linux-amd64/thanos' },
    });
  });

  it('exist for Linux and macOS on amd64 and arm64 only (elsewhere: the source build)', () => {
    expect(releasePlatform('linux', 'x64')).toEqual({ os: 'linux', arch: 'amd64' });
    expect(releasePlatform('darwin', 'arm64')).toEqual({ os: 'darwin', arch: 'arm64' });
    expect(releasePlatform('win32', 'x64')).toBeUndefined();
    expect(releasePlatform('linux', 'ppc64')).toBeUndefined();
  });

  it("are fetched from GitHub's layout under the download base", () => {
    const release = prometheusRelease({ os: 'linux', arch: 'amd64' });
    expect(assetUrl(downloadBase({}), release, release.archive)).toBe(
      'https://github.com/prometheus/prometheus/releases/download/v3.16.0/prometheus-3.16.0.linux-amd64.tar.gz',
    );
    const mirror = downloadBase({ HISTOGRAM_DEMO_DOWNLOAD_BASE: 'https://mirror.example/github/' });
    expect(assetUrl(mirror, release, release.checksums)).toBe(
      'https://mirror.example/github/prometheus/prometheus/releases/download/v3.16.0/sha256sums.txt',
    );
  });

  it('refuse a download base that is not an http(s) URL, naming the variable', () => {
    expect(() => downloadBase({ HISTOGRAM_DEMO_DOWNLOAD_BASE: 'ftp://mirror' })).toThrow(UsageError);
    expect(() => downloadBase({ HISTOGRAM_DEMO_DOWNLOAD_BASE: 'mirror' })).toThrow(/HISTOGRAM_DEMO_DOWNLOAD_BASE/);
  });
});

describe('checksumFor', () => {
  const a = 'a'.repeat(64);
  const b = 'B'.repeat(64);
  const text = `${a}  prometheus-3.16.0.darwin-amd64.tar.gz\n${b} *prometheus-3.16.0.linux-amd64.tar.gz\n`;

  it("reads the archive's line of a sha256sum file (text or binary mode), lower-cased", () => {
    expect(checksumFor(text, 'prometheus-3.16.0.darwin-amd64.tar.gz')).toBe(a);
    expect(checksumFor(text, 'prometheus-3.16.0.linux-amd64.tar.gz')).toBe('b'.repeat(64));
  });

  it('finds nothing for an archive it does not list, nor for a prefix of a listed one', () => {
    expect(checksumFor(text, 'prometheus-3.16.0.linux-arm64.tar.gz')).toBeUndefined();
    expect(checksumFor(text, 'prometheus-3.16.0.linux-amd64.tar')).toBeUndefined();
    expect(checksumFor('', 'x.tar.gz')).toBeUndefined();
  });
});

describe('prometheusConfigError', () => {
  it("takes Prometheus' own reason from its log, unescaped", () => {
    // A line Prometheus 3.16.0 wrote when refusing a scrape_interval of "1x".
    const log = [
      'time=2026-12-02T19:51:05.262Z level=INFO source=main.go:1589 msg="updated GOGC" old=100 new=75',
      'time=2026-12-02T19:51:05.263Z level=ERROR source=main.go:657 msg="Error loading config (--config.file=/tmp/s/prometheus.yml)" file=/tmp/s/prometheus.yml err="parsing YAML file /tmp/s/prometheus.yml: not a valid duration string: \\"1x\\""',
    ].join('\n');
    expect(prometheusConfigError(log)).toBe(
      'parsing YAML file /tmp/s/prometheus.yml: not a valid duration string: "1x"',
    );
  });

  it('finds nothing in a log without a config error', () => {
    expect(prometheusConfigError('level=INFO msg="Server is ready to receive web requests."')).toBeUndefined();
  });
});
