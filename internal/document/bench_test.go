package document

import (
	"context"
	"testing"

	"github.com/specwright/specwright/internal/document/documenttest"
)

// BenchmarkPDFFirstUse is the cost of the first PDF a Reader sees:
// starting PDFium (compiling its WebAssembly module) and reading one
// page. It is paid once per server run.
//
//	go test -run '^$' -bench PDFFirstUse -benchtime 1x ./internal/document
func BenchmarkPDFFirstUse(b *testing.B) {
	pdf := documenttest.PDF("The system shall export a shopping list.")
	for b.Loop() {
		r := New()
		if _, err := r.Text(context.Background(), "a.pdf", "", pdf); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkPDFText is one page read by a started engine.
func BenchmarkPDFText(b *testing.B) {
	r := New()
	defer r.Close()
	pdf := documenttest.PDF("The system shall export a shopping list.", "Members sign in with a magic link.")
	if _, err := r.Text(context.Background(), "a.pdf", "", pdf); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Text(context.Background(), "a.pdf", "", pdf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDOCXText reads a Word file of 200 paragraphs.
func BenchmarkDOCXText(b *testing.B) {
	paras := make([]string, 200)
	for i := range paras {
		paras[i] = "Requirement: members can plan the week's meals and share the shopping list."
	}
	docx := documenttest.DOCX(paras...)
	r := New()
	for b.Loop() {
		if _, err := r.Text(context.Background(), "a.docx", "", docx); err != nil {
			b.Fatal(err)
		}
	}
}
