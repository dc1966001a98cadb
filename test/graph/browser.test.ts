// The html page in a real headless Chromium (Debian's package; .ci/run installs it). Without Chromium these
// tests fail: a page nobody opened is not a tested page.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleApps, exampleEnvironments } from '../../apps';
import { writeCorpus } from '../../bench/corpus';
import { graphFromPaths, graphFromProgram, graphToHtml } from '../../lib/graph';
import { defineProgram, settingsFrom } from '../../lib/synth';

const CHROMIUM = process.env.KUBEFORGE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SLOW = 120_000;

let work: string;
let context: BrowserContext;
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does) or set KUBEFORGE_CHROMIUM to its path`);
  }
  work = mkdtempSync(join(tmpdir(), 'kubeforge-graph-browser-'));
  // A persistent context is how Playwright takes a user data folder: a fresh one per run.
  context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
  context.on('request', (request) => requested.push(request.url()));
}, SLOW);

afterAll(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(name: string, html: string): Promise<Page> {
  const file = join(work, name);
  writeFileSync(file, html);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('.kf-group');
  expect(errors).toEqual([]);
  return page;
}

/** Share of pixels that are not the background, and how many colours the picture has. */
async function inkOf(page: Page): Promise<{ ink: number; colours: number }> {
  const png = (await page.screenshot()).toString('base64');
  const blank = await context.newPage();
  try {
    return await blank.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const drawing = canvas.getContext('2d')!;
      drawing.drawImage(image, 0, 0);
      const pixels = drawing.getImageData(0, 0, image.width, image.height).data;
      const colours = new Set<number>();
      let ink = 0;
      for (let index = 0; index < pixels.length; index += 4) {
        const [red, green, blue] = [pixels[index], pixels[index + 1], pixels[index + 2]];
        colours.add((red << 16) | (green << 8) | blue);
        if (red + green + blue < 720) ink++;
      }
      return { ink: ink / (pixels.length / 4), colours: colours.size };
    }, png);
  } finally {
    await blank.close();
  }
}

const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
const settings = settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } });

describe('the html graph in headless Chromium', () => {
  it('draws the example apps: labels in the DOM and a picture that is not blank', async () => {
    const page = await open('dev.html', graphToHtml(graphFromProgram(program, { settings, outputLabel: 'dist', environment: 'dev' })));
    const names = await page.locator('.kf-node:not(.proxy) .n').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['cpuhog', 'frontend', 'model-server', 'model-ui', 'redis-headless', 'grafana', 'php-nginx']));
    const titles = await page.locator('.kf-group .title').allTextContents();
    expect(titles.some((title) => title.includes('namespace kube-alive'))).toBe(true);
    const { ink, colours } = await inkOf(page);
    expect(ink).toBeGreaterThan(0.01);
    expect(colours).toBeGreaterThan(8);
    // Only the page itself was loaded: nothing from the network.
    expect(requested.every((url) => url.startsWith('file://'))).toBe(true);
    await page.close();
  }, SLOW);

  it('shows an object\'s summary and findings on hover, and finds objects by name', async () => {
    const page = await open('broken.html', graphToHtml(await graphFromPaths({ paths: [join(__dirname, 'fixtures', 'broken.yaml')] })));
    await page.hover('.kf-node[data-id="Deployment.apps/shop/web"]');
    const tip = page.locator('#kf-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.innerText();
    expect(text).toContain('Deployment shop/web');
    expect(text).toContain('container web: registry.example.com/web:1.0');
    expect(text).toContain('[secret-ref-missing]');
    await page.hover('.kf-node[data-id="missing:Service/shop/legacy"]');
    expect(await tip.innerText()).toContain('missing');
    await page.fill('#kf-search', 'orphan');
    expect(await page.locator('#kf-count').innerText()).toBe('1 match');
    expect(await page.locator('.kf-node.match').getAttribute('data-id')).toBe('Service/shop/orphan');
    await page.close();
  }, SLOW);

  it('zooms with the wheel and pans by dragging', async () => {
    const page = await open('zoom.html', graphToHtml(await graphFromPaths({ paths: [join(__dirname, 'fixtures', 'broken.yaml')] })));
    const transform = () => page.locator('#kf-viewport').getAttribute('transform');
    const before = await transform();
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, -400);
    await expect.poll(transform).not.toBe(before);
    expect(await transform()).toMatch(/scale\((?!1\))/);
    const zoomed = await transform();
    await page.mouse.move(900, 700);
    await page.mouse.down();
    await page.mouse.move(700, 600, { steps: 4 });
    await page.mouse.up();
    expect(await transform()).not.toBe(zoomed);
    await page.close();
  }, SLOW);

  it('opens a big input at namespace level and expands a namespace on click', async () => {
    const corpus = writeCorpus(join(work, 'corpus'), 120, 10);
    expect(corpus.resources).toBeGreaterThan(300);
    const page = await open('big.html', graphToHtml(await graphFromPaths({ paths: [corpus.folder] })));
    expect(await page.locator('.kf-node').count()).toBe(0);
    expect(await page.locator('.kf-group').count()).toBe(24);
    await page.locator('.kf-group .title', { hasText: 'namespace ns-3 ' }).click();
    const drawn = await page.locator('.kf-node:not(.proxy) .n').allTextContents();
    expect(drawn).toEqual(expect.arrayContaining(['svc-0003', 'svc-0003-config']));
    expect(await page.locator('.kf-group.open').count()).toBe(1);
    const { ink } = await inkOf(page);
    expect(ink).toBeGreaterThan(0.01);
    await page.close();
  }, SLOW);
});
