// The CLI as a function: main(args) parses with yargs, runs the command and returns the exit code
// (0 passed, 1 unexpected failures, 2 usage or configuration error, 3 preflight failed, 4 target lost mid-run, 130 interrupted).
// bin/xapi-conform.ts calls it; tests call it in-process with captured output.
import yargs, { type CommandModule, type MiddlewareFunction } from 'yargs';
import { FORWARDING_WAIT_VARIABLE, UsageError } from './options.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (live progress line). */
  tty: boolean;
}

/** What a command reports back: its exit code. */
export interface CliState {
  exitCode: number;
  /** Set when a long-running command (serve) ran: the process must not be ended after main(). */
  keepAlive?: boolean;
}

export type CommandFactory = (io: CliIo, state: CliState) => CommandModule;

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  tty: Boolean(process.stdout.isTTY),
};

// Command modules of any argument type (serve, auth are typed by their owners).
type AnyCommand = CommandModule<any, any>;

export interface MainOptions {
  /** Commands that keep the process alive after their handler returns (serve). */
  longRunning?: AnyCommand[];
  io?: CliIo;
}

export async function main(args: string[], commands: Array<AnyCommand | CommandFactory>, options: MainOptions = {}): Promise<CliState> {
  const io = options.io ?? processIo;
  const state: CliState = { exitCode: 0 };
  const keepAlive = (command: AnyCommand): AnyCommand => ({
    ...command,
    handler: async (argv) => {
      state.keepAlive = true;
      await command.handler(argv);
    },
  });
  let parser = yargs()
    .scriptName('xapi-conform')
    .env('XAPI_CONFORM')
    .config('config', 'JSON file of options (keys as the long option names, e.g. {"endpoint": "…", "suite": ["statements"]})')
    .example('$0 run', 'Test the embedded reference LRS (reports in reports/)')
    .example('$0 run --endpoint https://lrs.example/xapi --user U --password P', 'Test your LRS')
    .example('$0 list --coverage', 'Which requirements the checks cover')
    .example('$0 report merge a/xapi-conform.json b/xapi-conform.json', 'Merge shard reports')
    .example('$0 serve', 'Run the reference LRS')
    .epilogue(
      'Exit codes: 0 passed (warnings, inconclusive, skipped, expected failures allowed), 1 unexpected failures, ' +
        '2 usage or configuration error, 3 preflight failed, 4 target went away mid-run, 130 interrupted. Every option can also be given as ' +
        'XAPI_CONFORM_<OPTION> (e.g. XAPI_CONFORM_ENDPOINT, XAPI_CONFORM_XAPI_VERSION) or in a --config JSON file.',
    )
    // yargs passes itself as the second argument (its type definitions leave it out).
    .middleware(foreignEnvironmentFilter(io) as unknown as MiddlewareFunction, true)
    .demandCommand(1, 'Name a command: run, list, report, serve, auth.')
    .strict()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .fail((message, err) => {
      if (err && err.name !== 'YError' && !(err instanceof UsageError)) throw err;
      throw new UsageError(err?.message ?? message);
    });
  for (const command of commands) {
    const module = typeof command === 'function' ? command(io, state) : command;
    parser = parser.command(options.longRunning?.includes(module) ? keepAlive(module) : module);
  }
  let output = '';
  try {
    await parser.parseAsync(args, {}, (_err, _argv, text) => {
      output = text;
    });
  } catch (err) {
    if (err instanceof UsageError || (err as Error)?.name === 'YError') {
      io.err(`xapi-conform: ${usageMessage((err as Error).message)}\nRun xapi-conform --help (or xapi-conform <command> --help) for usage.\n`);
      state.exitCode = 2;
      return state;
    }
    io.err(`xapi-conform: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.XAPI_CONFORM_DEBUG) io.err(`${(err as Error)?.stack}\n`);
    state.exitCode ||= 1;
    return state;
  }
  if (output) io.out(`${output}\n`);
  return state;
}

const ENV_PREFIX = 'XAPI_CONFORM_';
/** Variables the tool reads itself, whatever the command. */
const TOOL_VARIABLES = new Set(['XAPI_CONFORM_DEBUG', FORWARDING_WAIT_VARIABLE]);

interface OptionsView {
  getOptions(): { key: Record<string, unknown> };
}

/**
 * XAPI_CONFORM_* variables that name no option of the command being run (serve's XAPI_CONFORM_FORWARDINGS
 * under `run`, or a typo such as XAPI_CONFORM_ENDPONT) must not fail strict parsing as "unknown argument":
 * they are dropped, with one warning each, so a misspelt variable in CI is seen rather than silently ignored.
 */
function foreignEnvironmentFilter(io: CliIo) {
  const warned = new Set<string>();
  return (argv: Record<string, unknown>, parser: OptionsView): void => {
    const known = parser.getOptions().key;
    const command = ['xapi-conform', ...((argv._ as unknown[] | undefined) ?? [])].join(' ');
    for (const name of Object.keys(process.env)) {
      if (!name.startsWith(ENV_PREFIX)) continue;
      const kebab = name.slice(ENV_PREFIX.length).toLowerCase().replace(/_/g, '-');
      const camel = kebab.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      if (known[kebab] || known[camel]) continue;
      delete argv[kebab];
      delete argv[camel];
      if (!warned.has(name) && !TOOL_VARIABLES.has(name)) io.err(`xapi-conform: warning: ${name} is set, but \`${command}\` has no --${kebab} option: ignored\n`);
      warned.add(name);
    }
  };
}

function usageMessage(message: string): string {
  const config = /^Invalid JSON config file: (.*)$/.exec(message);
  return config ? `--config ${config[1]}: cannot read it as a JSON file` : message;
}
