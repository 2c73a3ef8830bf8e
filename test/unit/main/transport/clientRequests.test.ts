import { ClientRequests, MAX_IN_FLIGHT } from '../../../../src/main/transport/clientRequests';
import { MambaError } from '../../../../src/shared/errors';

describe('ClientRequests: per-client requests in flight', () => {
  it(`answers BUSY past ${MAX_IN_FLIGHT} requests of one client, not of another, and frees a slot when one ends`, () => {
    const r = new ClientRequests();
    const jobs = Array.from({ length: MAX_IN_FLIGHT }, () => r.begin('a', 'log.list'));
    let err: unknown;
    try {
      r.begin('a', 'log.list');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MambaError);
    expect((err as MambaError).code).toBe('BUSY');
    expect(() => r.begin('b', 'log.list')).not.toThrow();
    jobs[0].end();
    expect(() => r.begin('a', 'log.list')).not.toThrow();
  });

  it("a newer pad or read request cancels the same client's older one, not other channels or clients", () => {
    const r = new ClientRequests();
    const old = r.begin('a', 'handwriting.recognize');
    const other = r.begin('b', 'handwriting.recognize');
    const list = r.begin('a', 'log.list');
    const newer = r.begin('a', 'handwriting.recognize');
    expect(old.signal.aborted).toBe(true);
    expect(newer.signal.aborted).toBe(false);
    expect(other.signal.aborted).toBe(false);
    expect(list.signal.aborted).toBe(false);
  });

  it("a client that goes away cancels all of its requests", () => {
    const r = new ClientRequests();
    const a = [r.begin('a', 'ocr.readThis'), r.begin('a', 'log.list')];
    const b = r.begin('b', 'ocr.readThis');
    r.cancelClient('a');
    expect(a.every((j) => j.signal.aborted)).toBe(true);
    expect(b.signal.aborted).toBe(false);
    expect(r.inFlight('a')).toBe(0);
  });
});
