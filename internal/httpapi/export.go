package httpapi

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/specwright/specwright/internal/export"
	"github.com/specwright/specwright/internal/spec"
)

// exportSpec answers GET /api/projects/{name}/export?format=F[&version=N]:
// the project's current spec, or its stored version N, rendered as F, one
// file as itself or a folder format as a zip of the tool's layout.
func (s *server) exportSpec(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, detail{err.Error()})
		return
	}
	name := r.PathValue("name")
	var appSpec string
	if q.Has("version") {
		// A stored version: exactly the files that passed the check then.
		n, ok := versionNumber(w, q.Get("version"), "version", false)
		if !ok {
			return
		}
		v, err := s.svc.Version(r.Context(), name, n)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		appSpec = v.AppSpec
	} else {
		files, err := s.svc.Spec(r.Context(), name)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if files.AppSpec == nil {
			writeJSON(w, http.StatusNotFound, detail{"The project has no spec yet"})
			return
		}
		appSpec = *files.AppSpec
	}
	model, problems := spec.Parse([]byte(appSpec))
	if model == nil {
		msg := "The spec cannot be read"
		if len(problems) > 0 {
			msg += ": " + problems[0].Message
		}
		writeJSON(w, http.StatusUnprocessableEntity, detail{msg})
		return
	}
	out, err := export.Render(model, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !f.Folder() {
		writeFile(w, fmt.Sprintf("%s-%s", name, out[0].Path), contentType(f), out[0].Data)
		return
	}
	data, err := zipFiles(out)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeFile(w, fmt.Sprintf("%s-%s.zip", name, f), "application/zip", data)
}

func contentType(f export.Format) string {
	if f == export.Markdown {
		return "text/markdown; charset=utf-8"
	}
	return "application/json"
}

// writeFile sends data as a download. The name is built from a valid
// project name and a fixed suffix, so it needs no quoting beyond the
// quotes.
func writeFile(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// zipFiles zips the export. Every file gets the same modification time,
// so that the same export gives the same bytes.
func zipFiles(files []export.File) ([]byte, error) {
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: epoch})
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
