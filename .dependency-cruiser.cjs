/**
 * The layering rule (docs/architecture.md), checked by `npx depcruise src` in scripts/test.sh so a wrong
 * arrow fails CI. Layers point down only:
 *
 *   shared -> platform -> engines | log | settings -> runtime -> assistant -> transport -> apps
 *   renderer -> shared
 *
 * Type-only imports count too (tsPreCompilationDeps): a type a lower layer needs belongs low.
 */
const LAYERS = [
  ['shared', '^src/shared/'],
  ['platform', '^src/main/platform/'],
  // Peers: none of them may import another (engines talk to each other only through platform/ and shared/).
  ['services', '^src/main/(engines|log|settings)/'],
  ['runtime', '^src/main/runtime/'],
  ['assistant', '^src/main/assistant/'],
  ['transport', '^src/main/transport/'],
  ['apps', '^src/apps/'],
];

const upward = LAYERS.slice(0, -1).map(([name, from], i) => ({
  name: `${name}-not-up`,
  comment: `${name} may import only from the layers below it (${LAYERS.slice(0, i).map(([n]) => n).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: from },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'engines-apart',
      comment: 'an engine never imports another engine, log or settings (share through platform/ or shared/)',
      severity: 'error',
      from: { path: '^src/main/(engines/[^/]+|log|settings)/' },
      to: { path: '^src/main/(engines/[^/]+|log|settings)/', pathNot: '^src/main/$1/' },
    },
    {
      name: 'renderer-only-shared',
      comment: 'the renderer talks to the rest only through the contract in src/shared',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/', pathNot: '^src/(renderer|shared)/' },
    },
    {
      name: 'shared-nowhere-else',
      comment: 'src/shared is imported by main, preload, renderer and CLI: it imports nothing of theirs',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'src-not-scripts-or-tests',
      comment: 'the app never imports script or test code (data-set readers, seeded RNG, fixtures)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'no-electron-below-apps',
      comment: "only the desktop shell imports 'electron'",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/apps/desktop/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'no-circular',
      comment: 'import cycles make load order matter and layers meaningless',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
