// How the reference LRS is started, from the CLI (`xapi-conform serve`) or embedded by the harness.

export type Scope =
  | 'statements/write'
  | 'statements/read'
  | 'statements/read/mine'
  | 'all/read'
  | 'all'
  | 'state'
  | 'define'
  | 'profile';

/** A credential given in clear at start (embedded runs, tests); hashed with bcrypt before use. */
export interface UserSpec {
  username: string;
  password: string;
  scopes: Scope[];
  /** The Agent used as the authority of statements this credential writes. */
  agent?: Record<string, unknown>;
}

/** One statement-forwarding target (issue: statement forwarding). Every key is required. */
export interface ForwardingEntry {
  is_active: boolean;
  /** The target LRS's base URL; statements are POSTed to `${url}/statements`. */
  url: string;
  basic_username: string;
  basic_password: string;
  max_retries: number;
  /** Seconds an attempt may take. */
  timeout: number;
}

export interface StartOptions {
  /** 0 picks a free port. Default 8100 from the CLI, 0 when embedded. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Folder for all durable state. */
  dataDir: string;
  /** JSON list of { username, hash (bcrypt), scopes, agent? } (`xapi-conform auth add` writes it). */
  authFile?: string;
  /** Extra credentials given in clear. */
  users?: UserSpec[];
  /** Default ['1.0.3', '2.0.0']. */
  xapiVersions?: string[];
  /** Default '/xapi'. */
  basePath?: string;
  /** Largest request body accepted; larger gets 413. */
  bodyLimitBytes?: number;
  forwardings?: ForwardingEntry[];
  /** Log sink; default: none when embedded, stderr from the CLI. Never receives secrets. */
  log?: (line: string) => void;
}

export interface RunningLrs {
  /** Base URL of the xAPI endpoint, e.g. http://127.0.0.1:8100/xapi (no trailing slash). */
  url: string;
  close(): Promise<void>;
}
