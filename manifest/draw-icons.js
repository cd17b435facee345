#!/usr/bin/env node
/*
 * Draws the app icons from their SVG sources (manifest/icons/*.svg) into the PNGs Teams wants:
 * color.png 192x192 and outline.png 32x32 (white on transparent). The PNGs are committed; run this
 * again only after changing an SVG:  node manifest/draw-icons.js
 * Uses Debian's Chromium through playwright-core (scripts/ensure-chromium.sh installs it).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = '/usr/bin/chromium';
const ICONS = [
  { svg: 'icons/color.svg', png: 'color.png', size: 192 },
  { svg: 'icons/outline.svg', png: 'outline.png', size: 32 },
];

async function drawIcons() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run "bash scripts/ensure-chromium.sh" first`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    for (const icon of ICONS) {
      const svg = fs.readFileSync(path.join(__dirname, icon.svg), 'utf8');
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
      const out = path.join(__dirname, icon.png);
      // omitBackground keeps what the SVG does not paint transparent (the outline icon needs it)
      await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
      await page.close();
      console.log(`draw-icons: wrote ${path.relative(process.cwd(), out)} (${icon.size}x${icon.size})`);
    }
  } finally {
    await browser.close();
  }
}

drawIcons().catch((err) => {
  console.error(`draw-icons: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
