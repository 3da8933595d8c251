// Package sandbox is the only code in specwright that touches project
// files. A Dir confines every operation to one folder: it holds an
// os.Root on it, so neither ".." nor a symbolic link can lead out, even
// when the tree changes while an operation runs.
//
// On top of the Root, Dir adds what a folder handed to a language model
// needs:
//
//   - one path grammar on every OS (Dir.Rel): relative or absolute inside
//     the folder, cleaned, and free of the names and characters that mean
//     something else on Windows (backslashes, drive letters, alternate
//     data streams, device names such as NUL or COM1, trailing dots and
//     spaces, 8.3 short names), with length limits;
//   - a deny list: .git and .env files are never read, written or listed;
//   - reads of regular files only, size-capped, that cannot hang on a
//     FIFO;
//   - atomic, durable writes (temporary file, fsync, rename, directory
//     fsync) that never write through an existing hard or symbolic link;
//   - errors that name files by their path relative to the folder, never
//     by the folder's absolute path, so they can be shown to the model.
//
// What it does not do: os.Root does not stop at file-system boundaries
// (a bind mount inside the folder is inside), and a hard link planted in
// the folder by someone with access to the machine is read like any file
// (writes replace it instead of writing through). Dir offers no way to
// create links, change modes or remove trees.
//
// The package imports only the standard library.
package sandbox
