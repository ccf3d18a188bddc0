import assert from 'node:assert/strict';
import { test } from 'vitest';
import { redact, redactUrls, redactValue, registerSecret } from '../../src/util/redact.js';

test('passwords in URLs are masked wherever they appear', () => {
  assert.equal(
    redactUrls('at postgresql://app:s3cr%40t@db:5432/x and mysql://root:pw@h/y'),
    'at postgresql://app:***@db:5432/x and mysql://root:***@h/y',
  );
  assert.equal(
    redactUrls('postgresql://h/db?user=a&password=hunter2&sslmode=require'),
    'postgresql://h/db?user=a&password=***&sslmode=require',
  );
  assert.equal(redactUrls('postgresql://postgres@127.0.0.1/db'), 'postgresql://postgres@127.0.0.1/db');
});

test('registered secrets are masked even outside a URL, in nested values', () => {
  registerSecret('postgresql://u:topsecretpw@h/db');
  assert.equal(redact('the password topsecretpw leaked'), 'the password *** leaked');
  assert.deepEqual(redactValue({ a: ['x topsecretpw'], b: 1 }), { a: ['x ***'], b: 1 });
});
