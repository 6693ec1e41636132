/**
 * Where Grafana is and how to log in: flags, environment, or the URL's user info. Credentials
 * leave this module only as an Authorization header (grafanaAuth.authorization): never in a
 * log line or an error.
 */
import { UsageError } from '../errors/UsageError.js';

export type GrafanaAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'token'; readonly token: string };

export interface CredentialFlags {
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly token?: string | undefined;
}

/** What the user can give to log in: the edge of every authentication error. */
export const CREDENTIALS_HINT =
  'pass --user and --password or --token, or set GRAFANA_USER and GRAFANA_PASSWORD or GRAFANA_TOKEN';

/**
 * Where Grafana is and how to log in. Flags win over the environment; a user and password
 * written into the URL (http://user:pass@host) are used when nothing else is given.
 */
export function resolveGrafanaTarget(
  rawUrl: string,
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
): { url: URL; auth: GrafanaAuth } {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    // The value is not echoed: it may hold a password.
    throw new UsageError('--grafana-url must be an http(s) URL such as http://localhost:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('--grafana-url must be an http(s) URL such as http://localhost:3000');
  }
  const fromUrl =
    url.username || url.password
      ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  url.username = '';
  url.password = '';
  return { url, auth: resolveAuth(flags, env, fromUrl) };
}

function resolveAuth(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
  fromUrl: { user: string; password: string } | undefined,
): GrafanaAuth {
  const basic = (user: string | undefined, password: string | undefined, source: string): GrafanaAuth => {
    if (!user || !password) throw new UsageError(`${source}: a user needs a password and a password a user`);
    return { kind: 'basic', user, password };
  };
  if (flags.token !== undefined && (flags.user !== undefined || flags.password !== undefined)) {
    throw new UsageError('give either --token or --user and --password, not both');
  }
  if (flags.token !== undefined) {
    if (!flags.token) throw new UsageError('--token must not be empty');
    return { kind: 'token', token: flags.token };
  }
  if (flags.user !== undefined || flags.password !== undefined) {
    return basic(flags.user ?? env.GRAFANA_USER, flags.password ?? env.GRAFANA_PASSWORD, '--user/--password');
  }
  if (env.GRAFANA_TOKEN) return { kind: 'token', token: env.GRAFANA_TOKEN };
  if (env.GRAFANA_USER || env.GRAFANA_PASSWORD) {
    return basic(env.GRAFANA_USER, env.GRAFANA_PASSWORD, 'GRAFANA_USER/GRAFANA_PASSWORD');
  }
  if (fromUrl) return basic(fromUrl.user, fromUrl.password, '--grafana-url');
  return { kind: 'none' };
}

/** The Authorization header for the credentials, if any. */
export function authorization(auth: GrafanaAuth): string | undefined {
  switch (auth.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    case 'token':
      return `Bearer ${auth.token}`;
    case 'none':
      return undefined;
  }
}
