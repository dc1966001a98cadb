/** What a command may touch of its process: streams, folder and environment (tests pass their own). */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input is a terminal (a person typing), not a pipe or file. @default false */
  readonly stdinIsTerminal?: boolean;
}
