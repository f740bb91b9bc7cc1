// Bundles the dashboard into dist/: index.html, app.js and app.css (uPlot's stylesheet and ours).
// esbuild, not a dev server: the files are static and service-kit serves them at /admin.
const { build } = require('esbuild');
const { copyFileSync, mkdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** The whole bundle must stay small: a few hundred KB at most (issue #11); 150 KB leaves room. */
const MAX_BUNDLE_BYTES = 150_000;

async function main() {
  const dist = join(__dirname, 'dist');
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: { app: join(__dirname, 'src/main.ts') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    outdir: dist,
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(__dirname, 'src/index.html'), join(dist, 'index.html'));
  const total = ['app.js', 'app.css', 'index.html'].reduce((sum, file) => sum + statSync(join(dist, file)).size, 0);
  if (total > MAX_BUNDLE_BYTES) {
    throw new Error(`the dashboard bundle is ${total} bytes, over its budget of ${MAX_BUNDLE_BYTES}`);
  }
  process.stdout.write(`dashboard: ${total} bytes in dist/\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
