/**
 * How a command of the `lantern` command line says it failed. It throws CommandFailed once it has
 * printed why, and runCommandLine (src/cli/program.ts) returns the exit code: the command line runs
 * inside tests too, so no command sets process.exitCode itself.
 *
 *   2  something the person running it can put right: a refused input, a name that does not exist
 *   1  the command ran but what it found is wrong: a broken audit trail, rows refused by an import
 */
export class CommandFailed extends Error {
  constructor(readonly exitCode: 1 | 2) {
    super(`The command failed with exit code ${exitCode}`);
    this.name = 'CommandFailed';
  }
}
