import pg from 'pg';
import { UsageError, errorMessage } from '../../util/errors.js';
import { redactUrls } from '../../util/redact.js';
import { passwordRefused } from '../password-refused.js';
import { safeUrl } from './connection.js';
import { orUndefined } from '../../util/promises.js';

/**
 * "Could not connect" in words that say which server, why, and what to check; never the password.
 * `inputName` is how the URL was given (`--database-url`, `Input 'shadow-database-url'`).
 */
export function connectionError(error: unknown, url: string, inputName: string): UsageError {
  const parsed = safeUrl(url);
  const where = parsed ? `${parsed.hostname}:${parsed.port || '5432'}` : 'the server';
  const role = parsed?.username ? decodeURIComponent(parsed.username) : 'postgres';
  const database = databaseOf(url);
  const e = error as { code?: string; message?: string; detail?: string };
  let why = errorMessage(error);
  let fix = 'Check that the server is running and reachable from this machine, and that the URL is right.';
  if (e.code === 'ECONNREFUSED') why = 'connection refused (nothing listens on that port)';
  else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') why = `unknown host "${parsed?.hostname}"`;
  else if (e.code === 'ETIMEDOUT' || /timeout/i.test(why)) {
    why = 'the connection timed out';
    fix = `${fix} A firewall may drop the connection; raise the wait with connect_timeout=<seconds> in the URL.`;
  } else if (e.code === '28P01') {
    ({ why, fix } = passwordRefused(role, Boolean(parsed?.password)));
  } else if (e.code === '3D000') {
    why = `the database "${database}" does not exist`;
    fix = 'Point the URL at a database that exists, e.g. /postgres.';
  } else if (e.code === '42501') {
    // "permission denied for database x" / "User does not have CONNECT privilege."
    why = `the role "${role}" lacks CONNECT on database "${database}" (${e.message})`;
    fix = `Grant it: GRANT CONNECT ON DATABASE "${database}" TO "${role}";`;
  } else if (e.code === '28000') {
    why = redactUrls(why);
    fix = /not permitted to log in/.test(why)
      ? `The role "${role}" has NOLOGIN: ALTER ROLE "${role}" LOGIN, or use a role that may log in.`
      : /role ".*" does not exist/.test(why)
        ? 'Check the user name in the URL (URL-encode special characters).'
        : 'The server refuses this role or host (pg_hba.conf); check the role and SSL settings (sslmode=require).';
  } else if (/does not support SSL/i.test(why)) {
    fix = 'The server does not offer TLS: remove sslmode/ssl from the URL or set sslmode=disable.';
  } else if (/certificate|self[- ]signed/i.test(why)) {
    fix =
      "The server's TLS certificate could not be verified: give its CA with sslrootcert=<file>, or use sslmode=require (encrypts without verifying the certificate, as Prisma does).";
  }
  return new UsageError(`${inputName}: could not connect to the PostgreSQL server at ${where}: ${redactUrls(why)}.`, fix);
}

/** A privilege the role lacks, named the way `GRANT` spells it, with the statement that grants it. */
export function missingPrivilegeError(input: {
  inputName: string;
  url: string;
  privilege: string;
  on: string;
  grant: string;
  why: string;
}): UsageError {
  const parsed = safeUrl(input.url);
  const role = parsed?.username ? decodeURIComponent(parsed.username) : 'postgres';
  return new UsageError(
    `${input.inputName}: the role "${role}" lacks ${input.privilege} on ${input.on} in database "${databaseOf(input.url)}"; ${input.why}.`,
    `Grant it (read-only is enough): ${input.grant.replaceAll('<role>', `"${role}"`)}`,
  );
}

function databaseOf(url: string): string {
  const path = safeUrl(url)?.pathname.slice(1) ?? '';
  try {
    return decodeURIComponent(path) || 'postgres';
  } catch {
    return path;
  }
}

/**
 * A client connected with `config`, or the "could not connect" error that names the input the URL
 * came from. An idle client's socket error is swallowed: the next query reports it.
 */
export async function connectOrExplain(config: pg.ClientConfig, url: string, inputName: string): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await orUndefined(client.end());
    throw connectionError(error, url, inputName);
  }
}
