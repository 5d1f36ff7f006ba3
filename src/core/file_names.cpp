#include "core/file_names.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace pk {

namespace {

constexpr size_t kMaxCodeBytes = 80;

std::string safeCode(const std::string& code, size_t position) {
  std::string out;
  for (unsigned char c : code) {
    const bool keep = std::isalnum(c) || c == '.' || c == '_' || c == '-';
    out += keep ? char(c) : '-';
  }
  // ".." anywhere reads as "parent folder" to some tools; single dots (32.17.01) stay.
  for (size_t at; (at = out.find("..")) != std::string::npos;) out.replace(at, 2, "-");
  while (!out.empty() && (out.front() == '.' || out.front() == '-')) out.erase(0, 1);
  if (out.size() > kMaxCodeBytes) out.resize(kMaxCodeBytes);
  while (!out.empty() && (out.back() == '.' || out.back() == '-')) out.pop_back();
  return out.empty() ? "nr" + std::to_string(position + 1) : out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

}  // namespace

std::vector<std::string> uniqueFileStems(const std::vector<std::string>& codes, const std::string& prefix) {
  std::vector<std::string> out;
  std::set<std::string> taken;  // lower case
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::string base = prefix + safeCode(codes[i], i);
    std::string stem = base;
    for (int n = 2; taken.count(lower(stem)); ++n) stem = base + "-" + std::to_string(n);
    taken.insert(lower(stem));
    out.push_back(stem);
  }
  return out;
}

}  // namespace pk
