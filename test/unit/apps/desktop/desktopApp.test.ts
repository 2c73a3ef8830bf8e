/**
 * The Electron shell's wiring, tested against the contract with the Electron API FAKED
 * because the Electron binary cannot be installed here (see fixtures/fakeElectron.ts).
 * Everything behind the fake is real: the assistant, log, settings, dispatch, validators.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { DesktopApp, registerSchemes, startDesktopApp } from '../../../../src/apps/desktop/desktopApp';
import { IPC_EVENT, ipcChannel } from '../../../../src/apps/desktop/ipcNames';
import { CAPTURE_FLAG, CAPTURE_REGION_FLAG, registerQuickCapture } from '../../../../src/apps/desktop/shortcut';
import { captureScreen } from '../../../../src/apps/desktop/capture';
import { CHANNEL_NAMES, validateCaptureRequest, type AppInfo, type ReadThisResult } from '../../../../src/shared/contract';
import type { DispatchResult } from '../../../../src/main/runtime/handlerTable';
import { FakeElectron, FakeTray, FakeWindow, fakeElectron } from '../../../fixtures/fakeElectron';
import { packageRoot } from '../../../../src/main/platform/appPaths';

const APP_PAGE = 'app://mamba/index.html';
const electronBinary = existsSync(path.join(packageRoot(), 'node_modules', 'electron', 'path.txt'));

function makeRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mamba-app-'));
  mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), '<html><head></head><body>pad</body></html>');
  writeFileSync(path.join(root, 'secret.txt'), 'no');
  return root;
}

/** An IPC event as Electron would pass it, from a frame at `url`. */
function ipcEvent(url: string | null, parent: unknown = null): unknown {
  return { sender: { id: 7 }, senderFrame: url === null ? null : { url, parent } };
}

async function start(opts: { acceptShortcut?: boolean; env?: Record<string, string>; argv?: string[] } = {}): Promise<{ f: FakeElectron; app: DesktopApp; win: FakeWindow; invoke: (ch: string, payload?: unknown, from?: unknown) => Promise<DispatchResult> }> {
  const root = makeRoot();
  const f = fakeElectron(path.join(root, 'userData'));
  f.shortcuts.accept = opts.acceptShortcut ?? true;
  const saved = { ...process.env };
  Object.assign(process.env, opts.env ?? {});
  try {
    registerSchemes(f.api);
    const app = await startDesktopApp(f.api, { appRoot: root, launchCommand: 'mamba-app --capture', argv: opts.argv });
    if (!app) throw new Error('no app');
    const win = FakeWindow.all[0];
    const invoke = (ch: string, payload?: unknown, from: unknown = ipcEvent(APP_PAGE)) => {
      const handler = f.ipcHandlers.get(ipcChannel(ch));
      if (!handler) throw new Error(`no handler for ${ch}`);
      return handler(from, payload) as Promise<DispatchResult>;
    };
    return { f, app, win, invoke };
  } finally {
    process.env = saved;
  }
}

const sentEvents = (win: FakeWindow, name: string): unknown[] =>
  win.webContents.sent.filter((s) => s.channel === IPC_EVENT && s.args[0] === name).map((s) => s.args[1]);
const flush = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('Electron shell wiring (Electron API faked: binary not installable here)', () => {
  test('window: isolated, sandboxed, no Node, bundled preload, our app:// page; privileged scheme', async () => {
    const { f, app, win } = await start();
    const wp = win.options.webPreferences as Record<string, unknown>;
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(wp.preload)).toMatch(/dist[\\/]preload[\\/]preload\.js$/);
    expect(win.loaded).toBe(APP_PAGE);
    expect(f.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    // Navigation away and pop-ups are refused.
    let prevented = false;
    win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    expect(win.webContents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    await app.assistant.close();
  });

  test('IPC: one handler per contract channel; only our page main frame may call; payloads validated', async () => {
    const { f, app, invoke } = await start();
    expect([...f.ipcHandlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannel).sort());
    expect(await invoke('settings.get', {})).toMatchObject({ ok: true, result: { theme: 'system' } });
    for (const from of [ipcEvent('file:///home/u/evil.html'), ipcEvent('https://mamba/index.html'), ipcEvent('app://other/index.html'), ipcEvent(APP_PAGE, { url: APP_PAGE }), ipcEvent(null)]) {
      expect(await invoke('settings.get', {}, from)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await invoke('translate.text', { text: 'x', from: 'en', to: 'es', extra: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('log.list', JSON.parse('{"__proto__":{"x":1}}'))).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await flush();
    // Refusals are recorded in the log.
    expect((await app.assistant.log.list({ query: 'Refused' })).entries.length).toBe(5);
    await app.assistant.close();
  });

  test('events reach the window: settings.set over IPC is broadcast as settings.changed', async () => {
    const { app, win, invoke } = await start();
    expect(await invoke('settings.set', { theme: 'dark' })).toMatchObject({ ok: true });
    expect(sentEvents(win, 'settings.changed')).toEqual([expect.objectContaining({ theme: 'dark' })]);
    await app.assistant.close();
  });

  test('tray: menu items; webcam capture asks the window; clipboard without an image says so; show/hide; quit', async () => {
    const { f, app, win } = await start();
    const tray = FakeTray.last!;
    expect(tray.tooltip).toBe('Mamba');
    const ids = () => tray.menu!.template.filter((i) => i.id).map((i) => `${i.id}:${i.label}`);
    expect(ids()).toEqual([
      'capture-webcam:Read this (webcam)',
      'capture-region:Read a screen region…',
      'capture-clipboard:Read the clipboard image',
      'capture-screen:Read the whole screen',
      'toggle-window:Show Mamba',
      'quit:Quit Mamba',
    ]);
    expect((tray.menu!.template.find((i) => i.id === 'capture-region') as { accelerator?: string } | undefined)?.accelerator).toBe('CommandOrControl+Alt+M');
    const click = (id: string) => tray.menu!.template.find((i) => i.id === id)!.click!();

    click('capture-webcam');
    expect(win.visible).toBe(true);
    expect(sentEvents(win, 'capture.request')).toEqual([{ source: 'webcam' }]);
    expect(ids()).toContain('toggle-window:Hide Mamba');

    click('capture-clipboard');
    await flush();
    expect(sentEvents(win, 'app.notice')).toContainEqual(expect.objectContaining({ code: 'EMPTY_INPUT', message: expect.stringMatching(/no image on the clipboard/) }));

    click('toggle-window');
    expect(win.visible).toBe(false);
    // Closing the window hides it to the tray instead of quitting.
    let prevented = false;
    win.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    click('quit');
    expect(f.app.quitCalls).toBe(1);
    await app.assistant.close();
  });

  test('tray: reading a clipboard image runs the real read-this flow into the log', async () => {
    const { f, app, win } = await start();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="160"><rect width="100%" height="100%" fill="white"/><text x="30" y="100" font-family="DejaVu Sans" font-size="60">Open the door</text></svg>`;
    f.clipboardPng = await sharp(Buffer.from(svg)).png().toBuffer();
    FakeTray.last!.menu!.template.find((i) => i.id === 'capture-clipboard')!.click!();
    for (let i = 0; i < 1200 && !sentEvents(win, "log.appended").some((e) => (e as { kind: string }).kind === "ocr"); i++) await flush(50); // engines load in worker threads: up to a minute on a busy 2-core machine
    const kinds = sentEvents(win, 'log.appended').map((e) => (e as { kind: string; text: string }));
    expect(kinds.find((e) => e.kind === 'capture')?.text).toMatch(/clipboard/);
    expect(kinds.find((e) => e.kind === 'ocr')?.text.toLowerCase()).toContain('door');
    await app.assistant.close();
  });

  test('global shortcut refused on Wayland: reported in app.info, as a notice and in the log, with the fix', async () => {
    const { app, win, invoke } = await start({ acceptShortcut: false, env: { XDG_SESSION_TYPE: 'wayland' } });
    const info = (await invoke('app.info')) as { ok: true; result: AppInfo };
    expect(info.result.transport).toBe('electron');
    expect(info.result.shortcut).toMatchObject({ accelerator: 'CommandOrControl+Shift+M', registered: false, error: { message: expect.stringMatching(/Wayland/), fix: expect.stringMatching(/mamba-app --capture/) } });
    expect(sentEvents(win, 'app.notice')).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/Wayland/) }));
    await flush();
    expect((await app.assistant.log.list({ query: 'Wayland' })).entries[0]).toMatchObject({ kind: 'error' });
    await app.assistant.close();
  });

  test('global shortcut: registered, pressed, re-registered on a settings change; second instance with --capture', async () => {
    const { f, app, win, invoke } = await start();
    expect(app.shortcut()).toEqual({ accelerator: 'CommandOrControl+Shift+M', registered: true });
    f.shortcuts.registered.get('CommandOrControl+Shift+M')!();
    expect(sentEvents(win, 'capture.request')).toHaveLength(1);
    await invoke('settings.set', { shortcut: 'Alt+Shift+R' });
    expect(f.shortcuts.unregistered).toContain('CommandOrControl+Shift+M');
    expect([...f.shortcuts.registered.keys()].sort()).toEqual(['Alt+Shift+R', 'CommandOrControl+Alt+M']); // webcam moved, region kept
    f.app.emit('second-instance', {}, ['mamba', CAPTURE_FLAG], '/');
    expect(sentEvents(win, 'capture.request')).toHaveLength(2);
    await app.assistant.close();
  });

  test('tray "Read a screen region": window hidden while the screen is grabbed, screenshot sent as capture.request; the picked region is cropped and validated in main', async () => {
    const { f, app, win, invoke } = await start();
    win.emit('ready-to-show');
    // A 1000x500 "screen" with two lines of text far apart (sharp renders it; only the Electron API is faked).
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="500"><rect width="100%" height="100%" fill="white"/>
      <text x="40" y="110" font-family="DejaVu Sans" font-size="48">Open the door</text>
      <text x="40" y="400" font-family="DejaVu Sans" font-size="48">Close the window</text></svg>`;
    const screenPng = await sharp(Buffer.from(svg)).png().toBuffer();
    let visibleWhileGrabbing: boolean | undefined;
    (f.api as { desktopCapturer: unknown }).desktopCapturer = {
      getSources: async (o: { types: string[]; thumbnailSize: { width: number; height: number } }) => {
        visibleWhileGrabbing = win.visible;
        expect(o).toEqual({ types: ['screen'], thumbnailSize: { width: 800, height: 600 } });
        const thumbnail = { isEmpty: () => false, getSize: () => ({ width: 1000, height: 500 }), toPNG: () => screenPng, toJPEG: () => Buffer.alloc(0) };
        return [{ thumbnail }];
      },
    };
    FakeTray.last!.menu!.template.find((i) => i.id === 'capture-region')!.click!();
    for (let i = 0; i < 40 && !sentEvents(win, 'capture.request').length; i++) await flush(25);
    expect(visibleWhileGrabbing).toBe(false); // Mamba is not in its own screenshot
    expect(win.visible).toBe(true); // and comes back to show the selector
    const [req] = sentEvents(win, 'capture.request');
    const checked = validateCaptureRequest(req, 'event'); // the event's own validator accepts it
    expect(checked).toMatchObject({ source: 'screen', image: { width: 1000, height: 500 } });
    expect(Buffer.from(checked.image!.imageBase64, 'base64').equals(screenPng)).toBe(true);

    // The renderer answers with the rectangle the user dragged: only that text is read.
    const imageBase64 = checked.image!.imageBase64;
    const read = (await invoke('ocr.readThis', { imageBase64, region: { x: 20, y: 330, width: 600, height: 100 }, source: 'screen' })) as { ok: true; result: ReadThisResult };
    expect(read.ok).toBe(true);
    expect(read.result.ocr.text.toLowerCase()).toContain('window');
    expect(read.result.ocr.text.toLowerCase()).not.toContain('door');
    const thumb = await sharp(Buffer.from(read.result.thumbnail!.split(',')[1], 'base64')).metadata();
    expect(thumb.width! / thumb.height!).toBeCloseTo(6, 0); // the crop's thumbnail, not the screen's (2:1)
    await flush();
    expect((await app.assistant.log.list({ query: 'region' })).entries[0]).toMatchObject({ kind: 'capture', text: '(600×100 region of the screen)', meta: { region: '20,330,600,100' } });

    // Rectangles are checked in main against the real image.
    expect(await invoke('ocr.readThis', { imageBase64, region: { x: 900, y: 0, width: 200, height: 100 } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/outside the 1000×500 image/) } });
    expect(await invoke('ocr.readThis', { imageBase64, region: { x: 0, y: 0, width: 4, height: 4 } })).toMatchObject({ ok: false, error: { code: 'EMPTY_INPUT', fix: expect.stringMatching(/rectangle/) } });
    for (const region of [{ x: -1, y: 0, width: 10, height: 10 }, { x: 0.5, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 0, height: 10 }, { x: 0, y: 0, width: 10 }, { x: 0, y: 0, width: 10, height: 10, z: 1 }])
      expect(await invoke('ocr.readThis', { imageBase64, region })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    // The same from the global shortcut and from a second instance started with --capture-region.
    f.shortcuts.registered.get('CommandOrControl+Alt+M')!();
    f.app.emit('second-instance', {}, ['mamba', CAPTURE_REGION_FLAG], '/');
    for (let i = 0; i < 40 && sentEvents(win, 'capture.request').length < 3; i++) await flush(25);
    expect(sentEvents(win, 'capture.request').map((e) => (e as { source: string }).source)).toEqual(['screen', 'screen', 'screen']);
    await app.assistant.close();
  });

  test('tray "Read a screen region" when the desktop gives no screenshot: a notice with the fix, no event', async () => {
    const { app, win } = await start(); // the fake desktopCapturer returns no sources
    FakeTray.last!.menu!.template.find((i) => i.id === 'capture-region')!.click!();
    for (let i = 0; i < 40 && !sentEvents(win, 'app.notice').length; i++) await flush(25);
    expect(sentEvents(win, 'app.notice')).toContainEqual(expect.objectContaining({ code: 'ENGINE_UNAVAILABLE', fix: expect.stringMatching(/screen sharing|clipboard/) }));
    expect(sentEvents(win, 'capture.request')).toEqual([]);
    await app.assistant.close();
  });

  test('first instance started with --capture asks the window for a capture once the page has loaded', async () => {
    const { app, win } = await start({ argv: ['/opt/Mamba/mamba-app', CAPTURE_FLAG] });
    expect(sentEvents(win, 'capture.request')).toEqual([]); // nobody listening yet
    win.webContents.emit('did-finish-load');
    expect(sentEvents(win, 'capture.request')).toEqual([{ source: 'webcam' }]);
    await app.assistant.close();
  });

  test('quit waits for the assistant to close (will-quit prevented once, then quit again)', async () => {
    const { f, app } = await start();
    let closedAt = 0;
    const close = app.assistant.close.bind(app.assistant);
    app.assistant.close = async () => {
      await close();
      closedAt = f.app.quitCalls + 1;
    };
    let prevented = 0;
    f.app.emit('will-quit', { preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    for (let i = 0; i < 40 && f.app.quitCalls === 0; i++) await flush(25);
    expect(closedAt).toBe(1); // closed before the second quit
    expect(f.app.quitCalls).toBe(1);
    f.app.emit('will-quit', { preventDefault: () => prevented++ });
    expect(prevented).toBe(1); // the second will-quit lets Electron exit
  });

  test('screenshot: the primary display is taken even when it is not the first source', async () => {
    const png = (n: number) => Buffer.from([n]);
    const src = (display_id: string, n: number) => ({ display_id, thumbnail: { isEmpty: () => false, getSize: () => ({ width: 10, height: 10 }), toPNG: () => png(n), toJPEG: () => png(n) } });
    const dc = { getSources: async () => [src('2', 2), src('1', 1)] };
    const screen = { getPrimaryDisplay: () => ({ id: 1, size: { width: 10, height: 10 }, scaleFactor: 1 }) };
    const shot = await captureScreen(dc as never, screen as never);
    expect(Buffer.from(shot.imageBase64, 'base64')).toEqual(png(1));
    const unknownIds = { getSources: async () => [src('', 7), src('', 8)] };
    expect(Buffer.from((await captureScreen(unknownIds as never, screen as never)).imageBase64, 'base64')).toEqual(png(7));
  });

  test('shortcut status: invalid accelerator and a taken one (X11) are explained, empty disables', () => {
    const throwing = { register: () => { throw new Error('bad accelerator'); }, unregister: () => undefined };
    expect(registerQuickCapture(throwing, 'Ctrl+Nope', () => undefined).error?.message).toMatch(/not a valid key combination/);
    const taken = { register: () => false, unregister: () => undefined };
    expect(registerQuickCapture(taken, 'Alt+X', () => undefined, { env: { DISPLAY: ':0' } }).error?.message).toMatch(/already taken/);
    expect(registerQuickCapture(taken, '', () => undefined)).toEqual({ accelerator: '', registered: false });
  });

  test('permissions: camera and microphone for our page only; everything else denied', async () => {
    const { f, app } = await start();
    const ask = (permission: string, url: string, mediaTypes?: string[]) =>
      new Promise<boolean>((resolve) => f.permission.request!(null, permission, resolve, { requestingUrl: url, mediaTypes }));
    expect(await ask('media', APP_PAGE, ['video'])).toBe(true);
    expect(await ask('media', APP_PAGE, ['audio', 'video'])).toBe(true);
    expect(await ask('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(await ask('geolocation', APP_PAGE)).toBe(false);
    expect(await ask('notifications', APP_PAGE)).toBe(false);
    expect(f.permission.check!(null, 'media', 'app://mamba')).toBe(true);
    expect(f.permission.check!(null, 'media', 'file://')).toBe(false);
    await app.assistant.close();
  });

  test('app:// protocol: serves the renderer with the strict CSP and the transport meta; no traversal', async () => {
    const { f, app } = await start();
    const handler = f.protocolHandlers.get('app')!;
    const page = await handler(new Request(APP_PAGE));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe|http:|https:/);
    expect(await page.text()).toContain('<meta name="mamba-transport" content="electron">');
    expect((await handler(new Request('app://mamba/../secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://mamba/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
    await app.assistant.close();
  });
});

/**
 * What contextBridge does to values crossing it (Electron docs, context-bridge.md "Parameter / Error /
 * Return Type support"): functions are proxied, a returned promise is proxied, a thrown or rejected
 * Error arrives as a new Error with its message only (custom properties lost), other values are copied.
 */
function acrossBridge(api: Record<string, unknown>): Record<string, unknown> {
  const copy = (v: unknown): unknown => (v instanceof Error ? new Error(v.message) : structuredClone(v));
  const out: Record<string, unknown> = {};
  for (const [k, fn] of Object.entries(api)) {
    out[k] = (...args: unknown[]) => {
      let r: unknown;
      try {
        r = (fn as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        throw copy(e);
      }
      if (r instanceof Promise) return r.then(copy, (e: unknown) => Promise.reject(copy(e)));
      return typeof r === 'function' ? r : copy(r);
    };
  }
  return out;
}

describe('preload (Electron module faked: binary not installable here)', () => {
  test('exposes exactly invoke/on for the contract; errors keep code and fix; unknown names refused locally', async () => {
    const exposed: Record<string, unknown> = {};
    const invoked: { channel: string; payload: unknown }[] = [];
    let eventListener: ((e: unknown, name: unknown, payload: unknown) => void) | undefined;
    jest.isolateModules(() => {
      jest.doMock('electron', () => ({
        contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = acrossBridge(api)) },
        ipcRenderer: {
          invoke: async (channel: string, payload: unknown) => {
            invoked.push({ channel, payload });
            return channel === ipcChannel('settings.get')
              ? { ok: true, result: { theme: 'dark' } }
              : { ok: false, error: { code: 'BAD_INPUT', message: 'Invalid request: payload.text must be a string.', fix: 'Send the payload.' } };
          },
          on: (channel: string, fn: typeof eventListener) => channel === IPC_EVENT && (eventListener = fn),
        },
      }), { virtual: !electronBinary });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the preload inside isolateModules, after the electron mock
      require('../../../../src/apps/desktop/preload');
    });
    expect(Object.keys(exposed)).toEqual(['mamba']);
    const api = exposed.mamba as { invoke: (c: unknown, p?: unknown) => Promise<unknown>; on: (e: unknown, cb: unknown) => () => void };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    await expect(api.invoke('settings.get')).resolves.toEqual({ theme: 'dark' });
    await expect(api.invoke('translate.text', { text: 1 })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'Invalid request: payload.text must be a string.', fix: 'Send the payload.' }); // survives contextBridge's copy
    await expect(api.invoke('fs.readFile', {})).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(invoked.map((i) => i.channel)).toEqual([ipcChannel('settings.get'), ipcChannel('translate.text')]);
    const got: unknown[] = [];
    const off = api.on('log.appended', (p: unknown) => got.push(p));
    eventListener!({}, 'log.appended', { text: 'hi' });
    eventListener!({}, 'settings.changed', { theme: 'x' });
    off();
    eventListener!({}, 'log.appended', { text: 'after off' });
    expect(got).toEqual([{ text: 'hi' }]);
    expect(() => api.on('process.exit', () => undefined)).toThrow(/unknown event/);
  });
});

test('package.json "main" is where tsc puts src/apps/desktop/electronMain.ts (outDir dist, rootDir .)', () => {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { main: string };
  const tsconfig = JSON.parse(readFileSync(path.join(packageRoot(), 'tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
  const expected = path.posix.join(tsconfig.compilerOptions.outDir, path.posix.relative(tsconfig.compilerOptions.rootDir, 'src/apps/desktop/electronMain.ts')).replace(/\.ts$/, '.js');
  expect(pkg.main).toBe(expected);
});
