// `xapi-conform auth add | list | remove`: manage the reference LRS's credentials file (--auth-file of
// `serve`). Passwords are stored only as bcrypt hashes; neither passwords nor hashes are ever printed.
// The password can come from XAPI_CONFORM_PASSWORD instead of the command line (keeps it out of shell history).
import bcrypt from 'bcryptjs';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../harness/options.js';
import { readAuthFile, removeAuthEntry, SCOPES, upsertAuthEntry, type AuthFileEntry } from '../../reference-lrs/auth/file.js';
import type { Scope } from '../../reference-lrs/options.js';

interface FileArgs {
  'auth-file': string;
}
interface AddArgs extends FileArgs {
  user: string;
  password: string;
  scope: Scope[];
  'agent-mbox'?: string;
  cost: number;
}
interface RemoveArgs extends FileArgs {
  user: string;
}

// The option names are the other commands' (serve --auth-file; run --user/--password), so one
// XAPI_CONFORM_AUTH_FILE or XAPI_CONFORM_USER means the same thing to every command.
const fileOption = <T>(yargs: Argv<T>) =>
  yargs.option('auth-file', { type: 'string', default: './auth.json', describe: 'Credentials file (the one serve --auth-file reads)' });

const out = (line: string) => process.stdout.write(`${line}\n`);

const addCommand: CommandModule<object, AddArgs> = {
  command: 'add',
  describe: 'Add a credential (or replace the one with that username)',
  builder: (yargs) =>
    fileOption(yargs)
      .option('user', { type: 'string', demandOption: true, describe: 'Basic auth user name' })
      .option('password', { type: 'string', demandOption: true, describe: 'Basic auth password (or env XAPI_CONFORM_PASSWORD)' })
      .option('scope', { type: 'array', string: true, choices: SCOPES, demandOption: true, describe: 'xAPI scope; repeat for several' })
      .option('agent-mbox', { type: 'string', describe: 'mailto: IRI of the Agent used as authority (default: an account on the LRS)' })
      .option('cost', { type: 'number', default: 10, describe: 'bcrypt cost factor (4-15)' }) as unknown as Argv<AddArgs>,
  handler: async (args) => {
    if (args.user.includes(':')) throw new UsageError('--user cannot contain ":" (HTTP Basic authentication splits on it)');
    if (args.password.length === 0) throw new UsageError('--password cannot be empty');
    if (!Number.isInteger(args.cost) || args.cost < 4 || args.cost > 15) throw new UsageError('--cost must be an integer from 4 to 15');
    const entry: AuthFileEntry = {
      username: args.user,
      hash: await bcrypt.hash(args.password, args.cost),
      scopes: [...new Set(args.scope)],
    };
    const mbox = args['agent-mbox'];
    if (mbox !== undefined) {
      if (!/^mailto:[^@\s]+@[^@\s]+$/i.test(mbox)) throw new UsageError('--agent-mbox must be a mailto: IRI, e.g. mailto:lrs-admin@example.com');
      entry.agent = { objectType: 'Agent', mbox };
    }
    const replaced = await upsertAuthEntry(args['auth-file'], entry).catch(asUsageError);
    out(`${replaced ? 'Updated' : 'Added'} ${args.user} (${entry.scopes.join(', ')}) in ${args['auth-file']}`);
  },
};

const listCommand: CommandModule<object, FileArgs> = {
  command: 'list',
  describe: 'List the credentials (usernames, scopes, agents; never hashes)',
  builder: (yargs) => fileOption(yargs) as unknown as Argv<FileArgs>,
  handler: async (args) => {
    const entries = await readAuthFile(args['auth-file']).catch(asUsageError);
    if (entries.length === 0) out(`No credentials in ${args['auth-file']}`);
    for (const entry of entries) {
      out(`${entry.username}\t${entry.scopes.join(',')}${entry.agent ? `\t${JSON.stringify(entry.agent)}` : ''}`);
    }
  },
};

const removeCommand: CommandModule<object, RemoveArgs> = {
  command: 'remove',
  describe: 'Remove a credential',
  builder: (yargs) =>
    fileOption(yargs).option('user', { type: 'string', demandOption: true, describe: 'User name to remove' }) as unknown as Argv<RemoveArgs>,
  handler: async (args) => {
    const removed = await removeAuthEntry(args['auth-file'], args.user).catch(asUsageError);
    if (!removed) throw new UsageError(`no credential named ${JSON.stringify(args.user)} in ${args['auth-file']}`);
    out(`Removed ${args.user} from ${args['auth-file']}`);
  },
};

/** A missing or malformed file is the user's to fix, not an internal error. */
function asUsageError(error: Error): never {
  const code = (error as NodeJS.ErrnoException).code;
  throw new UsageError(code === 'ENOENT' ? `no such file: ${(error as NodeJS.ErrnoException).path}` : error.message);
}

export const authCommand: CommandModule = {
  command: 'auth',
  describe: 'Manage the reference LRS credentials file (add, list, remove)',
  builder: (yargs) =>
    yargs
      .command(addCommand as unknown as CommandModule)
      .command(listCommand as unknown as CommandModule)
      .command(removeCommand as unknown as CommandModule)
      .demandCommand(1, 'Name an auth command: add, list, remove.'),
  handler: () => undefined,
};
