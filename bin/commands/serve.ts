// `xapi-conform serve`: run the reference LRS (reference-lrs/) until Ctrl-C.
import { readFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { start } from '../../reference-lrs/index.js';
import { parseForwardingConfig } from '../../reference-lrs/forwarding/config.js';
import type { ForwardingEntry } from '../../reference-lrs/options.js';

interface ServeArgs {
  port: number;
  host: string;
  data: string;
  'auth-file': string;
  'xapi-versions': string;
  'base-path': string;
  'body-limit': number;
  forwardings?: string;
}

async function loadForwardings(file: string | undefined): Promise<ForwardingEntry[]> {
  // yargs' .env('XAPI_CONFORM') hands XAPI_CONFORM_FORWARDINGS over as `file`: that variable holds the JSON
  // list itself (as Ralph's RALPH_XAPI_FORWARDINGS does). Its errors never echo the text (passwords).
  if (file?.trimStart().startsWith('[')) return parseForwardingConfig(file);
  const text = file ? await readFile(file, 'utf8') : process.env.XAPI_CONFORM_FORWARDINGS;
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`forwardings ${file ? `file ${file}` : '(XAPI_CONFORM_FORWARDINGS)'}: not JSON: ${(err as Error).message}`);
  }
  return parseForwardingConfig(json);
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Run the reference LRS (a durable, file-backed xAPI 1.0.3 + 2.0.0 LRS)',
  builder: (yargs) =>
    yargs
      .option('port', { type: 'number', default: 8100, describe: 'TCP port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on' })
      .option('data', { type: 'string', default: './data', describe: 'Folder for all durable state' })
      .option('auth-file', { type: 'string', default: './auth.json', describe: 'Credentials file (xapi-conform auth add)' })
      .option('xapi-versions', { type: 'string', default: '1.0.3,2.0.0', describe: 'Comma-separated xAPI versions to serve' })
      .option('base-path', { type: 'string', default: '/xapi', describe: 'Path of the xAPI endpoint' })
      .option('body-limit', { type: 'number', default: 64 * 1024 * 1024, describe: 'Largest request body in bytes (larger: 413)' })
      .option('forwardings', {
        type: 'string',
        describe: 'JSON file listing statement-forwarding targets (default: env XAPI_CONFORM_FORWARDINGS)',
      }),
  handler: async (args) => {
    const lrs = await start({
      port: args.port,
      host: args.host,
      dataDir: args.data,
      authFile: args['auth-file'],
      xapiVersions: args['xapi-versions'].split(',').map((v) => v.trim()).filter(Boolean),
      basePath: args['base-path'],
      bodyLimitBytes: args['body-limit'],
      forwardings: await loadForwardings(args.forwardings),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${lrs.url}\n`);
    const stop = () => {
      void lrs.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
};
