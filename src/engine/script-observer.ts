/**
 * What an engine's database adapter tells the command about the scripts it runs: which migration
 * starts (progress, the time limit's report) and where one failed (file, line, statement). The
 * adapters (PostgreSQL, SQLite, the CLI engine) report; `check` and `drift` listen.
 */

/** The database's error, as every adapter reports it (PostgreSQL's fields; others fill what they have). */
export interface ScriptError {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** PostgreSQL's 1-based error position in the query sent. */
  position?: string;
}

/** Where a script failed: what the check needs to name the file, line and statement. */
export interface ScriptFailure {
  script: string;
  /** Offset (JavaScript string index) of the failing statement in the script. */
  statementStart: number;
  /** The failing statement (the whole script when it was sent as one query and had no position). */
  statement: string;
  /** Offset in the script of the server's error position, when the server gave one. */
  errorOffset?: number;
  error: ScriptError;
}

/** Receives every script failure, so that a report can point at the line the engine only names. */
export interface ScriptObserver {
  onScriptFailure(failure: ScriptFailure): void;
  /** A script (a migration, when the engine replays a history) is about to run: for progress. */
  onScriptStart?(script: string): void;
}
