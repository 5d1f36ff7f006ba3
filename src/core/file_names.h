// Names for files written next to each other (the meeting pack's per-polygon images): safe on every
// file system and never the same twice, whatever the codes in the boundary file look like.
#pragma once
#include <string>
#include <vector>

namespace pk {

// One file stem per code, in order: `prefix` + the code made safe for a file name (letters, digits, '.',
// '_' and '-' kept, anything else '-', no leading dots or dashes, no "..", at most 80 bytes; an empty
// result becomes "nrI" with I the 1-based position), and "-2", "-3", ... on repeats, so that
// {"32.17.01", "32.17.01"} gives "kecamatan-32.17.01", "kecamatan-32.17.01-2". Stems compare without
// letter case (Windows and macOS file systems do not tell "A" from "a").
std::vector<std::string> uniqueFileStems(const std::vector<std::string>& codes, const std::string& prefix);

}  // namespace pk
