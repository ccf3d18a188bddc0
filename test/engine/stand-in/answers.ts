/**
 * What the stand-in answers where it cannot compute (MySQL: the WebAssembly engine has no MySQL
 * connector). A test writes the answers to a JSON file and points $PSG_STAND_IN_ANSWERS at it.
 * The texts must be Prisma's, not invented: README.md beside this file says where each comes from.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface DiffAnswer {
  from: 'empty' | 'migrations' | 'schema' | 'database';
  to: 'empty' | 'migrations' | 'schema' | 'database';
  script: boolean;
  /** False: both sides are the same (exit 0, Prisma's empty output). */
  changed: boolean;
  /** The script or summary printed on stdout. */
  text: string;
}

export interface PushAnswer {
  /** Prisma's destructive-change warnings (without `--accept-data-loss` nothing runs). */
  warnings?: string[];
  /** Steps that cannot run on the data. */
  unexecutable?: string[];
  /** The SQL the push runs when it goes ahead (empty: already in sync). */
  sql?: string;
}

export interface Answers {
  diff?: DiffAnswer[];
  push?: PushAnswer;
}

export function readAnswers(): Answers {
  const path = process.env.PSG_STAND_IN_ANSWERS;
  return path ? (JSON.parse(readFileSync(path, 'utf8')) as Answers) : {};
}

export function writeAnswers(path: string, answers: Answers): void {
  writeFileSync(path, JSON.stringify(answers, null, 2));
}

export function findDiffAnswer(answers: Answers, call: Pick<DiffAnswer, 'from' | 'to' | 'script'>): DiffAnswer | undefined {
  return answers.diff?.find((answer) => answer.from === call.from && answer.to === call.to && answer.script === call.script);
}
