import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { diffLines } from '../../src/history/line-diff.js';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('history: unified diffs of migrations', () => {
  test('equal texts have no diff', () => {
    assert.equal(diffLines('a\n', 'a\n'), undefined);
  });

  test('one changed line deep in a file: three lines of context, the hunk header, the first changed line', () => {
    const before = numbered(20);
    const after = before.replace('line 10\n', 'line ten\n');
    const diff = diffLines(before, after)!;
    assert.equal(diff.firstChangedLine, 10);
    assert.equal(diff.nature, 'content');
    assert.equal(
      diff.hunks,
      ['@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+line ten', ' line 11', ' line 12', ' line 13'].join('\n'),
    );
  });

  test('changes far apart make two hunks; an insertion and a deletion count lines right', () => {
    const before = numbered(30);
    const after = before.replace('line 3\n', 'line 3\ninserted\n').replace('line 25\n', '');
    const diff = diffLines(before, after)!;
    const headers = diff.hunks.split('\n').filter((line) => line.startsWith('@@'));
    assert.deepEqual(headers, ['@@ -1,6 +1,7 @@', '@@ -22,7 +23,6 @@']);
    assert.equal(diff.firstChangedLine, 4);
  });

  test('a line appended at the end of a file without a final newline', () => {
    const diff = diffLines('a\nb', 'a\nb\nc\n')!;
    assert.equal(diff.hunks, ['@@ -1,2 +1,3 @@', ' a', '-b', '\\ No newline at end of file', '+b', '+c'].join('\n'));
  });

  test('line endings alone', () => {
    const diff = diffLines('a\nb\n', 'a\r\nb\r\n')!;
    assert.equal(diff.nature, 'line-endings');
    assert.equal(diff.firstChangedLine, 1);
  });

  test('everything deleted', () => {
    const diff = diffLines('a\nb\n', '')!;
    assert.equal(diff.hunks, ['@@ -1,2 +0,0 @@', '-a', '-b'].join('\n'));
    assert.equal(diff.firstChangedLine, 1);
  });

  test('changes six unchanged lines apart share one hunk, as `diff -u` writes it', () => {
    const before = numbered(20);
    const after = before.replace('line 3\n', 'x\n').replace('line 10\n', 'y\n');
    assert.deepEqual(
      diffLines(before, after)!
        .hunks.split('\n')
        .filter((line) => line.startsWith('@@')),
      ['@@ -1,13 +1,13 @@'],
    );
  });

  test('a rewrite of more lines than a minimal diff is worth: one hunk replacing the middle', () => {
    const before = `head\n${numbered(1200)}tail\n`;
    const after = `head\n${numbered(1200).replace(/line/g, 'row')}tail\n`;
    const diff = diffLines(before, after)!;
    const lines = diff.hunks.split('\n');
    assert.equal(lines[0], '@@ -1,1202 +1,1202 @@');
    assert.deepEqual([lines[1], lines[2], lines[1201], lines[1202], lines[2402]], [' head', '-line 1', '-line 1200', '+row 1', ' tail']);
    assert.equal(lines.length, 2403);
    assert.equal(diff.firstChangedLine, 2);
  });
});
