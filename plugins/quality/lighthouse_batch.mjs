// Lighthouse on several pages with one Node.js process and one Chromium: the
// command-line tool starts both again for every page, which costs more than
// auditing a page for accessibility, best practices and SEO.
//
// Usage: node lighthouse_batch.mjs JOB.json
// JOB.json: {"chrome": path, "chromeFlags": [...], "categories": [...],
//            "maxWaitForLoad": ms, "runs": [{"url": ..., "form": "mobile"|"desktop", "out": path}]}
// Each run's report (Lighthouse's "lhr" as JSON) is written to its "out"; a
// run that fails writes {"error": message} there instead, and the next run
// goes on. The exit status is 0 when every "out" was written.

import {readFileSync, writeFileSync} from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse, {desktopConfig} from 'lighthouse';

const job = JSON.parse(readFileSync(process.argv[2], 'utf-8'));
const chrome = await chromeLauncher.launch({
  chromePath: job.chrome,
  chromeFlags: job.chromeFlags,
  logLevel: 'silent',
});
try {
  for (const run of job.runs) {
    const flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: job.categories,
      maxWaitForLoad: job.maxWaitForLoad,
      disableFullPageScreenshot: true, // a picture of the page: no category's score reads it
    };
    try {
      const result = await lighthouse(run.url, flags, run.form === 'desktop' ? desktopConfig : undefined);
      writeFileSync(run.out, result ? result.report : JSON.stringify({error: 'no result'}));
    } catch (error) {
      writeFileSync(run.out, JSON.stringify({error: String(error && error.message ? error.message : error)}));
    }
  }
} finally {
  await chrome.kill();
}
