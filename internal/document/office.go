package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// docxParts picks the parts of a Word file that hold its text, in reading
// order: the body, then headers, footers, footnotes and comments.
func docxParts(names []string) []string {
	var out []string
	for _, n := range names {
		if n == "word/document.xml" {
			out = append(out, n)
		}
	}
	for _, prefix := range []string{"word/header", "word/footer", "word/footnotes", "word/endnotes", "word/comments"} {
		out = append(out, sortedNumeric(names, prefix)...)
	}
	return out
}

// pptxParts picks the slides in slide order, then their notes.
func pptxParts(names []string) []string {
	return append(sortedNumeric(names, "ppt/slides/slide"), sortedNumeric(names, "ppt/notesSlides/notesSlide")...)
}

// sortedNumeric returns the names "<prefix><N>.xml" ordered by N.
func sortedNumeric(names []string, prefix string) []string {
	type part struct {
		name string
		n    int
	}
	var ps []part
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || path.Dir(name) != path.Dir(prefix+"x") {
			continue
		}
		num, ok := strings.CutSuffix(rest, ".xml")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(num)
		if num != "" && err != nil {
			continue
		}
		ps = append(ps, part{name, n})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].n < ps[j].n })
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.name
	}
	return out
}

// officeText reads the text runs (<t>) of the chosen XML parts of an
// Office Open XML file, a line per paragraph (<p>), tabs and breaks kept.
func officeText(data []byte, parts func([]string) []string, para, run, tab, br string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", errors.New("not a valid Office file (it is not a zip archive)")
	}
	files := map[string]*zip.File{}
	var names []string
	for _, f := range zr.File {
		files[f.Name] = f
		names = append(names, f.Name)
	}
	chosen := parts(names)
	if len(chosen) == 0 {
		return "", errors.New("the archive has none of the parts this kind of file keeps its text in")
	}
	var out strings.Builder
	budget := int64(maxUnzipped)
	for _, name := range chosen {
		rc, err := files[name].Open()
		if err != nil {
			return "", fmt.Errorf("%s: %v", name, err)
		}
		lr := &io.LimitedReader{R: rc, N: budget + 1}
		err = xmlText(lr, &out, para, run, tab, br)
		rc.Close()
		if lr.N <= 0 {
			return "", fmt.Errorf("it unzips to more than %d MB", maxUnzipped>>20)
		}
		if err != nil {
			return "", fmt.Errorf("%s: %v", name, err)
		}
		budget = lr.N - 1
		if out.Len() > MaxText {
			break // Text reports the size; reading on would only cost
		}
		out.WriteString("\n")
	}
	return out.String(), nil
}

// xmlText streams one XML part, writing the character data of run
// elements, a newline at the end of each paragraph.
func xmlText(r io.Reader, out *strings.Builder, para, run, tab, br string) error {
	dec := xml.NewDecoder(r)
	inRun := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case run:
				inRun++
			case tab:
				if tab != "" {
					out.WriteByte('\t')
				}
			case br:
				out.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case run:
				inRun--
			case para:
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inRun > 0 {
				out.Write(t)
			}
		}
		if out.Len() > MaxText {
			return nil
		}
	}
}
