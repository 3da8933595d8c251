package webui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed dist
var embedded embed.FS

// contentSecurityPolicy allows the page's own scripts, styles and
// connections (the WebSocket included: browsers match ws: and wss: of
// the page's own host against 'self'), images from the page, data: and
// blob: URLs (previews of attachments) and nothing else. require-trusted-
// types-for makes any assignment of a string to innerHTML and similar
// sinks throw; no policy may be created to get around it.
const contentSecurityPolicy = "default-src 'none'; " +
	"script-src 'self'; " +
	"style-src 'self'; " +
	"img-src 'self' data: blob:; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"manifest-src 'self'; " +
	"base-uri 'none'; " +
	"form-action 'self'; " +
	"frame-ancestors 'none'; " +
	"object-src 'none'; " +
	"require-trusted-types-for 'script'; " +
	"trusted-types 'none'"

// assetPrefix holds the files whose names carry a content hash.
const assetPrefix = "assets/"

// Handler returns the handler of the embedded page.
func Handler() http.Handler {
	sub, err := fs.Sub(embedded, "dist")
	if err != nil {
		panic("webui: " + err.Error()) // the embed pattern guarantees dist
	}
	return newHandler(sub)
}

// newHandler serves the page from files, which holds index.html at its
// root; tests pass their own.
func newHandler(files fs.FS) http.Handler {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		// A binary built without the page still answers, and says why.
		index = []byte("<!doctype html><title>specwright</title><p>This specwright was built without its web page (internal/webui/dist is empty). Run web/ci.sh, or use the API.</p>")
	}
	h := &handler{files: files, index: index, etags: map[string]string{"index.html": etag(index)}}
	// Content hashes as ETags let browsers revalidate cheaply.
	fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && name != "index.html" {
			if data, err := fs.ReadFile(files, name); err == nil {
				h.etags[name] = etag(data)
			}
		}
		return nil
	})
	return h
}

func etag(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

type handler struct {
	files fs.FS
	index []byte
	etags map[string]string // by file name
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", contentSecurityPolicy)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
	hdr.Set("Cross-Origin-Resource-Policy", "same-origin")
	hdr.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
		return
	}

	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || name == "index.html" {
		h.serveIndex(w, r)
		return
	}
	if f, err := h.files.Open(name); err == nil {
		st, err := f.Stat()
		f.Close()
		if err == nil && !st.IsDir() {
			h.serveFile(w, r, name)
			return
		}
	}
	// A path without an extension is one of the page's own addresses
	// (/p/{project}); anything else that is missing is a real 404.
	if !strings.Contains(path.Base(name), ".") && !strings.HasPrefix(name+"/", assetPrefix) {
		h.serveIndex(w, r)
		return
	}
	hdr.Set("Cache-Control", "no-store")
	http.NotFound(w, r)
}

func (h *handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	// Always check for a newer page: it names the current hashed assets.
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("ETag", h.etags["index.html"])
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(h.index))
}

func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	hdr := w.Header()
	if strings.HasPrefix(name, assetPrefix) {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	if tag := h.etags[name]; tag != "" {
		hdr.Set("ETag", tag)
	}
	// http.FileServerFS sets the type from the extension and answers
	// ranges and conditional requests (If-None-Match against the ETag).
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path = "/" + name
	r2.URL = &u
	http.FileServerFS(h.files).ServeHTTP(w, r2)
}
