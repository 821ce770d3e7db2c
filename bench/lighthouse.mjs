// Runs Lighthouse (mobile preset, the default) on every URL given, one after the other in one Chromium
// (Debian's, CHROME_PATH), and prints one JSON line per URL: category scores, CLS, and the audits that
// did not pass in the accessibility, best-practices and SEO categories, and every audit about images.
// With LIGHTHOUSE_REPORTS=<folder>, each full report is written there too (one JSON file per URL).
import { writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const IMAGE_AUDITS = ["image-aspect-ratio", "image-size-responsive", "unsized-images", "uses-responsive-images",
  "modern-image-formats", "uses-optimized-images", "offscreen-images", "lcp-lazy-loaded", "prioritize-lcp-image",
  "efficient-animated-content"];

// --quick: only what tests/test_lighthouse.py asserts (accessibility, best practices, SEO, the layout shift and
// the audits about images), without the rest of the performance category: less work per page.
const quick = process.argv.includes("--quick");
const urls = process.argv.slice(2).filter((argument) => argument !== "--quick");
const flags = quick
  ? {
    onlyCategories: ["accessibility", "best-practices", "seo"],
    onlyAudits: ["cumulative-layout-shift", ...IMAGE_AUDITS],
    disableFullPageScreenshot: true,
  }
  : {};
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  for (const url of urls) {
    // a trace that failed to record (NO_NAVSTART and the like, seen on a loaded machine) is run again
    let lhr;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      ({ lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", ...flags }));
      if (!lhr.runtimeError) { break; }
    }
    const failing = [];
    for (const key of ["accessibility", "best-practices", "seo"]) {
      for (const ref of lhr.categories[key].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push(`${key}: ${ref.id} (${audit.title})`);
        }
      }
    }
    // every audit about images, whatever its category and weight (issue 13: photos as editors commit them)
    for (const id of IMAGE_AUDITS) {
      const audit = lhr.audits[id];
      if (audit && audit.score !== null && audit.score < 1 && !failing.some((line) => line.includes(`: ${id} (`))) {
        failing.push(`images: ${id} (${audit.title})`);
      }
    }
    const scores = Object.fromEntries(["performance", "accessibility", "best-practices", "seo"]
      .map((key) => [key, lhr.categories[key] ? lhr.categories[key].score : null]));
    const numeric = (id) => (lhr.audits[id] ? lhr.audits[id].numericValue ?? null : null);
    const cls = numeric("cumulative-layout-shift");
    const renderBlocking = lhr.audits["render-blocking-resources"];
    // what the performance score is made of: the largest paint's element and its phases, and the
    // performance audits that did not pass, with Lighthouse's own figure for each
    const lcpElement = lhr.audits["largest-contentful-paint-element"];
    const lcpItems = (lcpElement && lcpElement.details && lcpElement.details.items) || [];
    const lcpNode = lcpItems[0] && lcpItems[0].items && lcpItems[0].items[0] && lcpItems[0].items[0].node;
    const lcpPhases = lcpItems[1] && lcpItems[1].items
      ? Object.fromEntries(lcpItems[1].items.map((phase) => [phase.phase, Math.round(phase.timing)])) : {};
    const perfFailing = (lhr.categories.performance ? lhr.categories.performance.auditRefs : [])
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative"
        && audit.scoreDisplayMode !== "notApplicable")
      .map((audit) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
    if (process.env.LIGHTHOUSE_REPORTS) {
      const name = new URL(url).pathname.replace(/[^a-z0-9]+/gi, "_") + new URL(url).search.replace(/[^a-z0-9]+/gi, "_");
      writeFileSync(`${process.env.LIGHTHOUSE_REPORTS}/${name || "_"}.json`, JSON.stringify(lhr));
    }
    console.log(JSON.stringify({
      url, scores, cls, failing,
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
      lcp: numeric("largest-contentful-paint"),
      fcp: numeric("first-contentful-paint"),
      tbt: numeric("total-blocking-time"),
      si: numeric("speed-index"),
      lcpElement: lcpNode ? (lcpNode.selector || lcpNode.snippet) : null,
      lcpPhases, perfFailing,
      renderBlockingMs: renderBlocking && renderBlocking.details ? renderBlocking.details.overallSavingsMs || 0 : null,
    }));
  }
} finally {
  await chrome.kill();
}
