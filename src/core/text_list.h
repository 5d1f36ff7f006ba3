// A long list of short texts kept compactly: every text's bytes in one pool, with its end offset.
// A million-row list's ids then cost their bytes plus 4 per row, not a std::string (32 bytes) each.
// The pool holds at most 4 GiB (a list file is at most 2 GB); past that push_back throws.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pk {

class TextList {
 public:
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(pool_).substr(begin, ends_[i] - begin);
  }
  // Appends `text` `copies` times.
  void push_back(std::string_view text, size_t copies = 1) {
    for (size_t k = 0; k < copies; ++k) {
      if (pool_.size() + text.size() > UINT32_MAX) throw std::length_error("a list of texts over 4 GiB");
      pool_.append(text);
      ends_.push_back(static_cast<std::uint32_t>(pool_.size()));
    }
  }
  // Room for `count` texts of `bytes` in all.
  void reserve(size_t count, size_t bytes) {
    ends_.reserve(count);
    pool_.reserve(bytes);
  }

 private:
  std::string pool_;
  std::vector<std::uint32_t> ends_;
};

}  // namespace pk
