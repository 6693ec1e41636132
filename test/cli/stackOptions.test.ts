import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addStackOptions, explicitSettings } from '../../src/cli/stackOptions.js';

/** The `stack up` flags parsed as commander parses them, without running anything. */
function explicitOf(args: readonly string[]) {
  let explicit: ReturnType<typeof explicitSettings> | undefined;
  const command = addStackOptions(new Command('up')).action((_options, self: Command) => {
    explicit = explicitSettings(self);
  });
  command.parse([...args], { from: 'user' });
  return { ports: [...(explicit?.ports ?? [])], configs: [...(explicit?.configs ?? [])] };
}

describe('the settings a running stack checks', () => {
  it('are the ports and configs given on the command line, not the defaults', () => {
    expect(explicitOf([])).toEqual({ ports: [], configs: [] });
    expect(
      explicitOf(['--prometheus-port', '9091', '--thanos-internal-ports', '20000', '--thanos-hashring', 'ring.json']),
    ).toEqual({ ports: ['prometheus', 'thanosInternal'], configs: ['hashring'] });
  });

  it('include a flag given with its default value: the user chose it', () => {
    expect(explicitOf(['--collector-config', 'configs/otel-collector/otelcol-config.yml'])).toEqual({
      ports: [],
      configs: ['collector'],
    });
  });
});
