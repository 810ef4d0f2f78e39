// The target of a run: an external LRS (--endpoint), or the reference LRS started in-process.
import type { AuthMode } from './client.js';
import type { ExtraCredentialName, ResolvedOptions } from './options.js';
import { UsageError } from './options.js';
import { sinkForwardingConfig, startSink, type RunningSink } from './forwarding-sink.js';

export interface Target {
  endpoint: string;
  auth: AuthMode;
  credentials: Partial<Record<ExtraCredentialName, { username: string; password: string }>>;
  sink?: RunningSink['handle'] & { url: string; username: string; password: string };
  close(): Promise<void>;
}

export async function startTarget(options: ResolvedOptions, write: (text: string) => void): Promise<Target> {
  if (!options.endpoint) throw new UsageError('--endpoint is required (the embedded reference LRS is not available yet)');
  let sink: RunningSink | undefined;
  if (options.forwardingSink) {
    sink = await startSink(options.forwardingSink);
    write(
      `Forwarding sink listening at ${sink.url}. Configure the target to forward statements with this forwarding configuration:\n` +
        `${JSON.stringify(sinkForwardingConfig(sink), null, 2)}\n`,
    );
  }
  return {
    endpoint: options.endpoint,
    auth: options.auth,
    credentials: options.credentials,
    sink: sink && { ...sink.handle, url: sink.url, username: sink.username, password: sink.password },
    close: async () => {
      await sink?.close();
    },
  };
}
