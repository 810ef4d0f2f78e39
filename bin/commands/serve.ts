// `xapi-conform serve` (placeholder until implemented).
import type { CommandModule } from 'yargs';

export const serveCommand: CommandModule = {
  command: 'serve',
  describe: 'serve (not yet implemented)',
  handler: () => {
    throw new Error('not yet implemented');
  },
};
