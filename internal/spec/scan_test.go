package spec

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// decoderTree reads data the way the slow path does, with encoding/xml,
// and says whether it read cleanly: no fault and nothing to report.
func decoderTree(data []byte) (*node, bool) {
	ps := &problems{file: FileAppSpec}
	root, f := parseOnce(data, ps, true)
	return root, f == nil && root != nil && len(ps.list) == 0
}

// treeDiff describes the first difference between two trees, or "".
func treeDiff(a, b *node, path string) string {
	path += "/" + a.name
	switch {
	case a.name != b.name:
		return fmt.Sprintf("%s: name %q, decoder %q", path, a.name, b.name)
	case a.line != b.line || a.offset != b.offset:
		return fmt.Sprintf("%s: at line %d offset %d, decoder line %d offset %d", path, a.line, a.offset, b.line, b.offset)
	case !reflect.DeepEqual(a.attrs, b.attrs):
		return fmt.Sprintf("%s: attributes %v, decoder %v", path, a.attrs, b.attrs)
	case !reflect.DeepEqual(a.text, b.text):
		return fmt.Sprintf("%s: text %+v, decoder %+v", path, a.text, b.text)
	case len(a.kids) != len(b.kids):
		return fmt.Sprintf("%s: %d children, decoder %d", path, len(a.kids), len(b.kids))
	}
	for i := range a.kids {
		if d := treeDiff(a.kids[i], b.kids[i], path); d != "" {
			return d
		}
	}
	return ""
}

// agree fails the test when the fast reader accepts data but the decoder
// does not read it the same way, and returns whether it accepted.
func agree(t *testing.T, data []byte) bool {
	t.Helper()
	fast, ok := scanWellFormed(data)
	if !ok {
		return false
	}
	slow, clean := decoderTree(data)
	if !clean {
		t.Fatalf("fast reader accepts what encoding/xml rejects or reports:\n%q", data)
	}
	if d := treeDiff(fast, slow, ""); d != "" {
		t.Fatalf("trees differ: %s\ninput: %q", d, data)
	}
	return true
}

func TestScanWellFormedTakesSpecs(t *testing.T) {
	crlf := strings.ReplaceAll(goodSpec(t), "\n", "\r\n")
	for name, data := range map[string]string{
		"version 2 spec":   goodSpec(t),
		"reference spec":   refSpec(t),
		"fuzz seed":        fuzzSpec,
		"CRLF line ends":   crlf,
		"lone CR":          "<a>one\rtwo\r\rthree</a>",
		"references":       `<a x='&lt;b&gt; &quot;q&quot;' y="it&apos;s">&#233;t&#xE9; &amp; more &#x1F600;</a>`,
		"comments":         "<!-- before -->\n<a><!-- one\ntwo -->x<!---->y<b/></a>\n<!-- after -->\n",
		"declaration":      "<?xml version='1.0' encoding='utf-8' standalone=\"yes\"?>\n<a/>",
		"space in tags":    "<a\n  x = \"1\"\ty='2'\n></a\n>",
		"attrs unspaced":   `<a x="1"y="2"/>`,
		"non-ASCII text":   "<a>Café — 日本語 ✓ 🎉</a>",
		"brackets in text": "<a>x[0]] > y and ]> and ]]</a>",
		"quote in text":    `<a>"it's"</a>`,
		"CR in attribute":  "<a x=\"1\r\n2\r3\"/>",
		"> in attribute":   `<a x="a > b ]]>"/>`,
		"deep":             strings.Repeat("<a>", maxDepth-1) + "x" + strings.Repeat("</a>", maxDepth-1),
	} {
		t.Run(name, func(t *testing.T) {
			if !agree(t, []byte(data)) {
				t.Fatalf("fast reader refused a well-formed document:\n%.300q", data)
			}
		})
	}
}

func TestScanWellFormedLeavesTheRestToTheDecoder(t *testing.T) {
	for name, data := range map[string]string{
		"empty":               "",
		"text only":           "just text",
		"unescaped &":         "<a>salt & pepper</a>",
		"unknown entity":      "<a>&nbsp;</a>",
		"no semicolon":        "<a>&amp</a>",
		"bad number":          "<a>&#xZZ;</a>",
		"control by number":   "<a>&#1;</a>",
		"surrogate":           "<a>&#xD800;</a>",
		"beyond unicode":      "<a>&#x110000;</a>",
		"huge number":         "<a>&#x100000041;</a>",
		"upper X":             "<a>&#X41;</a>",
		"unescaped <":         "<a>1 < 2</a>",
		"unclosed":            "<a><b></a>",
		"stray end":           "<a></b></a>",
		"never closed root":   "<a>",
		"second root":         "<a/><b/>",
		"text before root":    "title\n<a/>",
		"text after root":     "<a/>\nthanks",
		"CDATA":               "<a><![CDATA[x]]></a>",
		"DOCTYPE":             "<!DOCTYPE a><a/>",
		"prefix":              "<x:a/>",
		"attr prefix":         `<a x:y="1"/>`,
		"xmlns":               `<a xmlns="urn:x"/>`,
		"name with space":     "<user roles>x</user roles>",
		"name with digit":     "<3d_engine>x</3d_engine>",
		"non-ASCII name":      "<café/>",
		"]]> in text":         "<a>x]]>y</a>",
		"]]> after reference": "<a>&amp;]]>y</a>",
		"control char":        "<a>\x01</a>",
		"unquoted attr":       "<a x=1/>",
		"attr without =":      "<a x/>",
		"< in attr":           `<a x="<"/>`,
		"-- in comment":       "<a><!-- a -- b --></a>",
		"unended comment":     "<a><!-- x</a>",
		"latin-1 declared":    `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
		"version 1.1":         `<?xml version="1.1"?><a/>`,
		"other instruction":   `<?php echo 1 ?><a/>`,
		"too deep":            strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1),
		"bad UTF-8":           "<a>\xff</a>",
		"U+FFFE":              "<a>\uFFFE</a>",
		"end tag junk":        "<a></a x>",
		"lone <":              "<a><</a>",
		"lone < at end":       "<a/><",
	} {
		t.Run(name, func(t *testing.T) {
			if agree(t, []byte(data)) {
				t.Fatalf("fast reader accepted %q, which it should leave to encoding/xml", data)
			}
		})
	}
}

// FuzzScanWellFormed checks that whatever the fast reader accepts,
// encoding/xml reads to the same tree.
func FuzzScanWellFormed(f *testing.F) {
	f.Add(fuzzSpec)
	f.Add("<a x='&lt;b&gt;' y=\"it&apos;s\">&#233;t\r\n&#xE9; &amp;<!-- c -->x<b/></a>")
	f.Add("<?xml version=\"1.0\"?>\n<a>]]</a>")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzInput {
			return
		}
		agree(t, []byte(s))
	})
}
