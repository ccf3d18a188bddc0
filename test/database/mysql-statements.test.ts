import assert from 'node:assert/strict';
import { test } from 'vitest';
import { splitMysqlStatements } from '../../src/sql/mysql-statements.js';

test("quotes, backticks and comments never split a statement; lines are the statements' own", () => {
  const script = `-- CreateTable; a comment with a semicolon
CREATE TABLE \`Odd;Name\` (
    \`id\` INTEGER NOT NULL, # another; comment
    \`note\` VARCHAR(191) NOT NULL DEFAULT 'it''s; here',
    \`esc\` VARCHAR(10) NOT NULL DEFAULT 'a\\'b;c',
    \`dq\` VARCHAR(10) NOT NULL DEFAULT "x;y"
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

/* block; comment */
ALTER TABLE \`Odd;Name\` ADD COLUMN \`x\` INT;
/*!40101 SET NAMES utf8mb4 */;
SELECT 1--1;
`;
  const statements = splitMysqlStatements(script);
  assert.deepEqual(
    statements.map((s) => s.line),
    [2, 10, 11, 12],
  );
  assert.ok(statements[0]!.text.startsWith('CREATE TABLE `Odd;Name`'));
  assert.ok(statements[0]!.text.endsWith('COLLATE utf8mb4_unicode_ci'));
  assert.equal(statements[1]!.text, 'ALTER TABLE `Odd;Name` ADD COLUMN `x` INT');
  assert.equal(statements[2]!.text, '/*!40101 SET NAMES utf8mb4 */', 'a version comment is executable SQL, kept');
  assert.equal(statements[3]!.text, 'SELECT 1--1', '-- without a following space is minus minus');
  assert.equal(script.slice(statements[1]!.start, statements[1]!.start + 11), 'ALTER TABLE');
});

test('stored-program bodies stay whole; DELIMITER is honoured and never sent', () => {
  const trigger = `CREATE TRIGGER \`t\` BEFORE INSERT ON \`A\` FOR EACH ROW
BEGIN
  IF NEW.x < 0 THEN
    SET NEW.x = 0;
  END IF;
  SET NEW.y = 1;
END;
INSERT INTO \`A\` VALUES (1);`;
  const statements = splitMysqlStatements(trigger);
  assert.equal(statements.length, 2);
  assert.ok(statements[0]!.text.endsWith('END'));
  assert.equal(statements[1]!.text, 'INSERT INTO `A` VALUES (1)');

  const delimited = `DELIMITER $$
CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$
DELIMITER ;
SELECT 3;`;
  const parts = splitMysqlStatements(delimited);
  assert.deepEqual(
    parts.map((s) => s.text),
    ['CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', 'SELECT 3'],
  );
  assert.deepEqual(
    parts.map((s) => s.line),
    [2, 4],
  );
});
