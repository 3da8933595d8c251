package sandbox_test

import (
	"fmt"
	"log"
	"os"

	"github.com/specwright/specwright/internal/sandbox"
)

func ExampleOpen() {
	folder, err := os.MkdirTemp("", "project")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(folder)

	dir, err := sandbox.Open(folder, sandbox.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	defer dir.Close()

	// Parent directories are created; the write is atomic.
	if err := dir.WriteFile("prompts/app_spec.txt", []byte("<project_specification/>\n")); err != nil {
		log.Fatal(err)
	}
	data, err := dir.ReadFile("prompts/app_spec.txt")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(data))

	// Paths that leave the folder are refused, and the error names no
	// absolute path.
	err = dir.WriteFile("../elsewhere.txt", []byte("x"))
	fmt.Println(err)
	// Output:
	// <project_specification/>
	// write "../elsewhere.txt": path escapes the project folder
}

func ExampleDir_Glob() {
	folder, err := os.MkdirTemp("", "project")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(folder)
	dir, err := sandbox.Open(folder, sandbox.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	defer dir.Close()

	for _, p := range []string{"prompts/app_spec.txt", "notes/a.md", "notes/old/b.md"} {
		if err := dir.WriteFile(p, []byte("x")); err != nil {
			log.Fatal(err)
		}
	}
	found, err := dir.Glob("**/*.md", "notes", 10)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(found), "files")
	// Output: 2 files
}
