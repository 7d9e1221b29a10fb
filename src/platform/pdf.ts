/**
 * Marked, tagged PDF documents (case packs, subject-access answers): the caller writes headings
 * and paragraphs; every page then carries the protective marking at its top and foot, a running
 * header and "Page n of m". The document is tagged (headings, paragraphs, its title and language)
 * so screen readers can follow it; the marking and page numbers are page furniture, not content.
 */
import PDFDocument from 'pdfkit';

export interface MarkedPdfWriter {
  /** One tagged block: `type` is its structure type (H1…H4, P). */
  write(type: string, text: string, font: string, size: number, options?: PDFKit.Mixins.TextOptions): void;
  moveDown(lines?: number): void;
}

export interface MarkedPdfSpec {
  title: string;
  /** The document's Subject property. */
  subject: string;
  /** The protective marking, e.g. OFFICIAL-SENSITIVE. */
  marking: string;
  /** Shown after the marking at the top of every page. */
  runningHeader: string;
  body(writer: MarkedPdfWriter): void;
}

export function markedPdf(spec: MarkedPdfSpec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 70, bottom: 70, left: 50, right: 50 },
      bufferPages: true,
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      pdfVersion: '1.7',
      info: { Title: spec.title, Author: 'Lantern', Subject: spec.subject },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const root = doc.struct('Document');
    doc.addStructure(root);
    spec.body({
      write(type, text, font, size, options = {}) {
        doc.font(font).fontSize(size).text(text, { ...options, structParent: root, structType: type } as PDFKit.Mixins.TextOptions);
      },
      moveDown(lines) {
        doc.moveDown(lines);
      },
    });
    root.end();
    // The marking and page numbers, once every page exists.
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const { top, bottom } = doc.page.margins;
      // Writing in the margins must not start a new page.
      doc.page.margins.bottom = 0;
      const width = doc.page.width - 100;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.font('Helvetica-Bold').fontSize(9).text(`${spec.marking} – ${spec.runningHeader}`, 50, 30, { width, align: 'center', lineBreak: false });
      doc.font('Helvetica-Bold').fontSize(9).text(`${spec.marking}`, 50, doc.page.height - 50, { width, align: 'left', lineBreak: false });
      doc.font('Helvetica').fontSize(9).text(`Page ${i - range.start + 1} of ${range.count}`, 50, doc.page.height - 50, { width, align: 'right', lineBreak: false });
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
      doc.page.margins.top = top;
    }
    doc.end();
  });
}
