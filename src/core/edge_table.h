// An open-addressing map from 64-bit keys to small values (PolygonTopology finds arcs by their first edge).
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pk {

// A map from 64-bit keys (never all ones) to small values: open addressing, because a national
// layer's hundreds of thousands of arcs cost an allocation each in a node-based map (the topology
// finds its arcs by their first edge in it).
template <class Value>
class EdgeTable {
 public:
  // Room for `expected` keys without growing (it grows past them).
  explicit EdgeTable(size_t expected) {
    size_t size = 16;
    while (size < 2 * expected) size *= 2;
    keys_.assign(size, kEmpty);
    values_.resize(size);
    shift_ = 64 - std::countr_zero(size);
  }
  void set(std::uint64_t key, Value value) {
    size_t s = slotOf(key);
    if (keys_[s] == kEmpty) {
      if (2 * (count_ + 1) > keys_.size()) {
        grow();
        s = slotOf(key);
      }
      keys_[s] = key;
      ++count_;
    }
    values_[s] = value;
  }
  const Value* find(std::uint64_t key) const {
    const size_t s = slotOf(key);
    return keys_[s] == kEmpty ? nullptr : &values_[s];
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);
  // The slot holding `key`, or the empty one where it would go.
  size_t slotOf(std::uint64_t key) const {
    const size_t mask = keys_.size() - 1;
    size_t s = size_t((key * 0x9E3779B97F4A7C15ull) >> shift_);  // the product's top bits
    while (keys_[s] != kEmpty && keys_[s] != key) s = (s + 1) & mask;
    return s;
  }
  void grow() {
    std::vector<std::uint64_t> keys(keys_.size() * 2, kEmpty);
    std::vector<Value> values(keys.size());
    keys.swap(keys_);
    values.swap(values_);
    --shift_;
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] != kEmpty) {
        const size_t s = slotOf(keys[i]);
        keys_[s] = keys[i];
        values_[s] = values[i];
      }
  }
  std::vector<std::uint64_t> keys_;
  std::vector<Value> values_;
  size_t count_ = 0;
  int shift_ = 0;
};

}  // namespace pk
