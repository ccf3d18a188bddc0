import assert from 'node:assert/strict';
import { test } from 'vitest';
import { ALL_CLEAR_NOTE, COMMENT_LIMIT, decideSticky, stickyBody } from '../../src/github/sticky-decision.js';

const existing = { id: 7, body: '<!-- m -->\nold findings' };

test('decideSticky: create, update, all clear, nothing', () => {
  assert.deepEqual(decideSticky(true, undefined), { action: 'create' });
  assert.deepEqual(decideSticky(true, existing), { action: 'update', commentId: 7 });
  assert.deepEqual(decideSticky(false, existing), { action: 'all-clear', commentId: 7 });
  assert.deepEqual(decideSticky(false, undefined), { action: 'nothing' }, 'a PR that never had findings gets no comment');
});

test('stickyBody: the marker first, the all-clear note only when clearing', () => {
  const body = stickyBody('<!-- m -->', '### report\n\nfinding\n', { action: 'update', commentId: 7 });
  assert.equal(body, '<!-- m -->\n### report\n\nfinding\n');
  const clear = stickyBody('<!-- m -->', '### ✅ clear\n', { action: 'all-clear', commentId: 7 });
  assert.ok(clear.startsWith(`<!-- m -->\n${ALL_CLEAR_NOTE}\n`), clear);
  assert.match(clear, /### ✅ clear/);
});

test('stickyBody: a report over the limit is cut at a line, open blocks are closed, and it says so', () => {
  const lines = ['### big', '', '<details><summary>SQL</summary>', '', '```sql'];
  for (let i = 0; i < 5_000; i++) lines.push(`ALTER TABLE "T${i}" DROP COLUMN "c";`);
  lines.push('```', '', '</details>');
  const body = stickyBody('<!-- m -->', lines.join('\n'), { action: 'create' });
  assert.ok(body.length <= COMMENT_LIMIT, `${body.length}`);
  assert.ok(body.length > COMMENT_LIMIT - 500, 'uses the room it has');
  assert.match(body, /cut to fit GitHub's comment size limit/);
  assert.equal((body.match(/^```/gm) ?? []).length % 2, 0, 'fences are balanced');
  assert.equal((body.match(/<details>/g) ?? []).length, (body.match(/<\/details>/g) ?? []).length);
  assert.match(body, /DROP COLUMN "c";\n```/, 'cut at a whole line');
});
