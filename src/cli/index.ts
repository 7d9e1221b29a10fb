/** The `lantern` command line (npm run lantern -- --help); the commands are in program.ts. */
import { runCommandLine } from './program.ts';

process.exitCode = await runCommandLine(process.argv.slice(2));
