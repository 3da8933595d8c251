package document

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
)

const (
	// maxPages bounds the pages read from one PDF.
	maxPages = 2000
	// pdfTimeout bounds one PDF's extraction; a document that takes longer
	// is refused and the engine is restarted.
	pdfTimeout = 2 * time.Minute
)

// engine starts PDFium on first use. The module sees no file system: the
// document is handed over as bytes.
func (r *Reader) engine() (pdfium.Pool, error) {
	if r.pool != nil {
		return r.pool, nil
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
		FSConfig: wazero.NewFSConfig(),
	})
	if err != nil {
		return nil, fmt.Errorf("the PDF engine did not start: %v", err)
	}
	r.pool = pool
	return pool, nil
}

// pdfText returns the text of every page, pages separated by a blank
// line and a form feed.
func (r *Reader) pdfText(ctx context.Context, data []byte) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	pool, err := r.engine()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return "", fmt.Errorf("the PDF engine is busy: %v", err)
	}
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		t, err := readPDF(inst, data)
		done <- result{t, err}
	}()
	select {
	case res := <-done:
		inst.Close()
		return res.text, res.err
	case <-ctx.Done():
		// A document that hangs the engine: kill the instance and start a
		// fresh pool next time.
		inst.Kill()
		r.pool.Close()
		r.pool = nil
		return "", errors.New("reading it took too long")
	}
}

func readPDF(inst pdfium.Pdfium, data []byte) (string, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		if strings.Contains(strings.ToLower(err.Error()), "password") {
			return "", errors.New("it is protected by a password")
		}
		return "", errors.New("it is not a valid PDF")
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", err
	}
	if count.PageCount > maxPages {
		return "", fmt.Errorf("it has %d pages; at most %d are read", count.PageCount, maxPages)
	}
	var out strings.Builder
	for i := 0; i < count.PageCount; i++ {
		page, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			return "", fmt.Errorf("page %d: %v", i+1, err)
		}
		if i > 0 {
			out.WriteString("\n\f\n")
		}
		out.WriteString(strings.ReplaceAll(page.Text, "\r\n", "\n"))
		if out.Len() > MaxText {
			break
		}
	}
	return out.String(), nil
}
