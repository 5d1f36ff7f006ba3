// Quoting file content in messages: a short, escaped excerpt, so that a binary file or a megabyte
// line never floods a message, a terminal or a dialog. Every message that quotes data uses this.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace pk {

// Longest excerpt of data a message quotes, in characters (escapes included).
constexpr size_t kExcerptMaxChars = 40;

// `text` as at most `maxChars` printable characters: valid UTF-8 letters are kept, control bytes,
// DEL, C1 controls and bytes of invalid UTF-8 are written as \xNN, a backslash as \\; when cut, the
// excerpt ends with "..." (counted in maxChars).
std::string excerpt(std::string_view text, size_t maxChars = kExcerptMaxChars);
// The same in single quotes: 'Jl. Raya...'.
std::string quotedExcerpt(std::string_view text, size_t maxChars = kExcerptMaxChars);

}  // namespace pk
