import assert from 'node:assert/strict';
import { test } from 'vitest';
import { lineAt, splitPostgresStatements } from '../../src/sql/statements.js';

test('dollar-quoted bodies, comments and strings are never split on ;', async () => {
  const script = `-- a comment; with a semicolon
SET lock_timeout = '5s';

DO $$ BEGIN
  CREATE TYPE "Role" AS ENUM ('A', 'B');
EXCEPTION WHEN duplicate_object THEN null;
END $$;

/* block; comment */
CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN NEW.x := ';'; RETURN NEW; END; $body$ LANGUAGE plpgsql;
CREATE INDEX CONCURRENTLY "i" ON "t"("c")`;
  const statements = await splitPostgresStatements(script);
  assert.equal(statements.length, 4);
  assert.deepEqual(
    statements.map((s) => s.line),
    [2, 4, 10, 11],
  );
  assert.ok(statements[1]!.text.startsWith('DO $$ BEGIN'));
  assert.ok(statements[1]!.text.endsWith('END $$'));
  assert.ok(statements[2]!.text.includes("NEW.x := ';'"));
  assert.equal(statements[3]!.text, 'CREATE INDEX CONCURRENTLY "i" ON "t"("c")');
});

test('offsets are string offsets even after non-ASCII text (the parser counts UTF-8 bytes)', async () => {
  const script = `COMMENT ON TABLE "t" IS 'Größe → 🚀';\nSELECT 1;\nSELECT 2;`;
  const statements = await splitPostgresStatements(script);
  assert.equal(statements.length, 3);
  assert.equal(script.slice(statements[1]!.start, statements[1]!.start + 8), 'SELECT 1');
  assert.equal(statements[2]!.line, 3);
});

test('lineAt counts lines from 1', () => {
  assert.equal(lineAt('a\nb\nc', 0), 1);
  assert.equal(lineAt('a\nb\nc', 2), 2);
  assert.equal(lineAt('a\nb\nc', 4), 3);
});
