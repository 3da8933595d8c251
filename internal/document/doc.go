// Package document turns a document attached to a message into the text
// the model reads: Markdown, plain text and CSV as they are; Word (.docx),
// PowerPoint (.pptx), Excel (.xlsx) and PDF extracted to text.
//
// The choices, all pure Go (no cgo, no network):
//
//   - PDF: PDFium, the PDF engine of Chromium, through
//     github.com/klippa-app/go-pdfium in its WebAssembly mode (run by
//     wazero). PDF is where small readers fail (compressed object streams,
//     CID fonts, broken cross-reference tables); PDFium reads what browsers
//     read, and the binding is actively released. It costs about 5 MB of
//     binary and, on the first PDF only, a few seconds and a few hundred MB
//     to compile the module, so it is started lazily, once per Reader, with
//     no file system mounted.
//   - XLSX: github.com/xuri/excelize/v2, the maintained Go library for
//     spreadsheets (shared strings, inline strings, formatted values), with
//     its unzip limits set.
//   - DOCX and PPTX: the text of a Word or PowerPoint file is the <w:t> and
//     <a:t> runs of a few XML parts in a zip; archive/zip and encoding/xml
//     read them in a streaming pass with bounded sizes. The Go libraries for
//     these formats are unmaintained or built for writing, and would add
//     weight to do the same thing.
//
// Every reader is bounded: the attachment's size (checked by the caller),
// the bytes unzipped, the pages read, the text returned, and the time.
package document
