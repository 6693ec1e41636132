import type { Upload } from '../workload/uploads.js';

/** One instrumented version of the app: records uploads into its metric pipeline. */
export interface UploadRecorder {
  /** Short name used in messages: "logfire" or "direct". */
  readonly name: string;
  /** One line saying where this app's metrics go. */
  readonly destination: string;
  record(upload: Upload): void;
  /** Delivers everything recorded so far (an OTLP export; a no-op for a scraped endpoint). */
  flush(): Promise<void>;
  /** Flushes, then releases ports and timers. Safe to call twice. */
  shutdown(): Promise<void>;
}
