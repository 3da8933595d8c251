package document

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxText returns each sheet as "## <sheet>" followed by its rows, the
// cells of a row separated by tabs, as the spreadsheet shows them
// (formatted values).
func xlsxText(data []byte) (string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: 64 << 20,
	})
	if err != nil {
		return "", err
	}
	defer f.Close()
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return "", err
		}
		out.WriteString("## " + sheet + "\n")
		for rows.Next() {
			cells, err := rows.Columns()
			if err != nil {
				rows.Close()
				return "", err
			}
			line := strings.TrimRight(strings.Join(cells, "\t"), "\t")
			if line != "" {
				out.WriteString(line + "\n")
			}
			if out.Len() > MaxText {
				break
			}
		}
		if err := rows.Close(); err != nil {
			return "", err
		}
		out.WriteString("\n")
	}
	return out.String(), nil
}
