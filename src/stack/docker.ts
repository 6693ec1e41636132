import { exec } from './exec.js';

/** True when a Docker engine answers (the client alone, as on our CI machines, is not enough). */
export async function dockerEngineAvailable(): Promise<boolean> {
  try {
    const result = await exec('docker', 'docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 });
    return result.code === 0 && result.stdout.trim() !== '';
  } catch {
    return false;
  }
}
