// A long list of short texts kept compactly: every text's bytes in one pool, with its end offset.
// A million-row list's ids then cost their bytes plus 8 per row, not a std::string (32 bytes) each.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pk {

class TextList {
 public:
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const std::uint64_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(pool_).substr(begin, ends_[i] - begin);
  }
  // Appends `text` `copies` times.
  void push_back(std::string_view text, size_t copies = 1) {
    for (size_t k = 0; k < copies; ++k) {
      pool_.append(text);
      ends_.push_back(pool_.size());
    }
  }
  // Room for `count` texts of `bytes` in all.
  void reserve(size_t count, size_t bytes) {
    ends_.reserve(count);
    pool_.reserve(bytes);
  }

 private:
  std::string pool_;
  std::vector<std::uint64_t> ends_;
};

}  // namespace pk
