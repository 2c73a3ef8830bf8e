/** What the OCR pipeline needs from a Tesseract: PNG in, TSV out. Two implementations. */
export type TesseractBackendName = 'tesseract-cli' | 'tesseract.js';

export interface TesseractBackend {
  readonly name: TesseractBackendName;
  /** Recognises a PNG (grey or binary); returns Tesseract's TSV. */
  recognizeTsv(png: Buffer, o?: { psm?: number }): Promise<string>;
  close(): Promise<void>;
}

/** Page segmentation mode: 3 = automatic layout (handles columns and stray marks). */
export const DEFAULT_PSM = 3;
