// Shared by the fuzz targets: a scratch folder per process, and the check that a refusal is one
// clean line (a message with raw file bytes in it is a finding too).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace pk::fuzz {

// A folder of this process under TMPDIR (or /tmp), created once, removed at exit (by the owning
// static's destructor: an atexit handler registered while it is built would run after it is gone).
inline const std::string& scratchDir() {
  struct Folder {
    std::string path;
    Folder() {
      const char* tmp = std::getenv("TMPDIR");
      path = std::string(tmp && *tmp ? tmp : "/tmp") + "/prokus-fuzz-XXXXXX";
      if (!::mkdtemp(path.data())) std::abort();
    }
    ~Folder() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Folder folder;
  return folder.path;
}

inline void writeBytes(const std::string& path, const unsigned char* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) std::abort();
}

// An InputError's text must be one printable line of reasonable length.
inline void requireCleanMessage(std::string_view what) {
  for (unsigned char c : what)
    if (c < 0x20 || c == 0x7F) {
      std::fprintf(stderr, "finding: control byte 0x%02X in message: %.200s\n", c, std::string(what).c_str());
      std::abort();
    }
  if (what.size() > 600) {
    std::fprintf(stderr, "finding: message of %zu bytes: %.200s...\n", what.size(), std::string(what).c_str());
    std::abort();
  }
}

}  // namespace pk::fuzz
