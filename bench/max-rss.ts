/**
 * Preload (`node --import`) for machines without GNU time: writes the process's peak resident set
 * size in kB to $PSG_BENCH_RSS_FILE when it exits.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.PSG_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
