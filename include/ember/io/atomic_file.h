#pragma once
// Whole-file reads and crash-safe whole-file writes.
#include <string>

namespace ember::io {

// Writes `bytes` to `path` atomically: a temporary file in the same directory is written,
// flushed to disk (fsync), renamed over `path`, and the directory is fsync'd so the rename
// itself is durable. On any failure the temporary is removed, `path` keeps its old contents,
// and an ember::Error names the path and the system error.
void write_file_atomic(const std::string& path, const std::string& bytes);

// The whole file, or an ember::Error naming the path.
std::string read_file(const std::string& path);

}  // namespace ember::io
