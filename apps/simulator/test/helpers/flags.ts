/** Flags whose entry in --help names their default on its first two lines. */
export const FLAGS_WITH_DEFAULTS = [
  '--count',
  '--shards',
  '--stream',
  '--table',
  '--reshard-to',
  '--rate',
  '--duration',
  '--tail',
  '--json',
  '--verbose',
  '--from',
];
