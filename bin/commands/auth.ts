// `xapi-conform auth` (placeholder until implemented).
import type { CommandModule } from 'yargs';

export const authCommand: CommandModule = {
  command: 'auth',
  describe: 'auth (not yet implemented)',
  handler: () => {
    throw new Error('not yet implemented');
  },
};
