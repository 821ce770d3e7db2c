// Runs Lighthouse (mobile preset, the default) on every URL given, one after the other in one Chromium
// (Debian's, CHROME_PATH), and prints one JSON line per URL: category scores, CLS, and the audits that
// did not pass in the accessibility, best-practices and SEO categories, and every audit about images.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const IMAGE_AUDITS = ["image-aspect-ratio", "image-size-responsive", "unsized-images", "uses-responsive-images",
  "modern-image-formats", "uses-optimized-images", "offscreen-images", "lcp-lazy-loaded", "prioritize-lcp-image",
  "efficient-animated-content"];

const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  for (const url of urls) {
    // a trace that failed to record (NO_NAVSTART and the like, seen on a loaded machine) is run again
    let lhr;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      ({ lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" }));
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
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([key, c]) => [key, c.score]));
    const cls = lhr.audits["cumulative-layout-shift"].numericValue ?? null;
    const renderBlocking = lhr.audits["render-blocking-resources"];
    console.log(JSON.stringify({
      url, scores, cls, failing,
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
      lcp: lhr.audits["largest-contentful-paint"].numericValue ?? null,
      fcp: lhr.audits["first-contentful-paint"].numericValue ?? null,
      renderBlockingMs: renderBlocking && renderBlocking.details ? renderBlocking.details.overallSavingsMs || 0 : 0,
    }));
  }
} finally {
  await chrome.kill();
}
