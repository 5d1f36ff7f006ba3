// The files of the layer cache: a header (magic, format version, identity) and a payload with its
// length and checksum. Written atomically (mode 0600) through a buffer, read through a read-only
// mapping with every length checked, so a truncated, damaged or stale file is never trusted.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/geometry.h"

namespace pk {

// FNV-1a over 8-byte words in 4 independent lanes (a byte at a time is too slow for 100 MB): every
// step is a bijection of the lane's state, so any changed word changes the result. Fed in pieces of
// any size (the writer streams), the result is that of the whole at once.
class PayloadChecksum {
 public:
  void add(const char* data, size_t size);
  std::uint64_t value() const;

 private:
  void mix(const char* block);
  std::uint64_t lane_[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL};
  char block_[32];
  size_t pending_ = 0;
  std::uint64_t size_ = 0;
};

// Writes plain values, strings and arrays to a cache file through a buffer (a national layer's entry
// is 100 MB: it is never held whole in memory), summing the payload as it goes.
class CacheWriter {
 public:
  explicit CacheWriter(int fd);
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes(&v, sizeof v);
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    bytes(s.data(), s.size());
  }
  template <class T, class Allocator>
  void array(const std::vector<T, Allocator>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod<std::uint64_t>(v.size());
    bytes(v.data(), v.size() * sizeof(T));
  }
  void bbox(const BBox& b) {
    for (double d : {b.minx, b.miny, b.maxx, b.maxy}) pod(d);
  }
  void bytes(const void* data, size_t n);
  // Everything written from now on is payload: summed and counted.
  void startPayload();
  void flush();
  std::uint64_t payloadSize() const { return payloadSize_; }
  std::uint64_t checksum() const { return sum_.value(); }

 private:
  static constexpr size_t kBuffer = 1 << 20;
  void put(const char* p, size_t n);
  int fd_;
  std::string buffer_;
  bool inPayload_ = false;
  PayloadChecksum sum_;
  std::uint64_t payloadSize_ = 0;
};

class MappedCacheFile;

// Reads them back, checking every length against what is left; `ok` turns false at the first read
// past the end (or an impossible count), and everything after reads as zero.
struct CacheReader {
  const char* p;
  const char* end;
  MappedCacheFile* source = nullptr;  // told how far reading got, to drop what was read
  bool ok = true;

  // Hands back the pages read so far (a 250 MB entry is not held whole beside what is made from it).
  void progress();
  bool take(void* to, size_t n) {
    if (!ok || size_t(end - p) < n) {
      ok = false;
      std::memset(to, 0, n);
      return false;
    }
    if (n < kTakePiece) {
      std::memcpy(to, p, n);
      p += n;
      return true;
    }
    // A big array (a national topology's vertices are 130 MB) is copied a piece at a time, each
    // piece's pages handed back, so the file and the copy are never both held whole.
    for (char* out = static_cast<char*>(to); n > 0;) {
      const size_t piece = std::min(n, kTakePiece);
      std::memcpy(out, p, piece);
      out += piece, p += piece, n -= piece;
      progress();
    }
    return true;
  }
  static constexpr size_t kTakePiece = size_t(8) << 20;
  template <class T>
  T pod() {
    T v{};
    take(&v, sizeof v);
    return v;
  }
  // A count of items of at least `itemSize` bytes each, refused when the rest cannot hold them.
  size_t count(size_t itemSize) {
    const std::uint64_t n = pod<std::uint64_t>();
    if (!ok || n > std::uint64_t(end - p) / std::max<size_t>(itemSize, 1)) {
      ok = false;
      return 0;
    }
    return size_t(n);
  }
  std::string str() {
    const size_t n = count(1);
    std::string s(p, ok ? n : 0);
    if (ok) p += n;
    return s;
  }
  template <class T, class Allocator>
  void array(std::vector<T, Allocator>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const size_t n = count(sizeof(T));
    v.resize(n);
    if (n) take(v.data(), n * sizeof(T));
  }
  BBox bbox() {
    BBox b;
    b.minx = pod<double>();
    b.miny = pod<double>();
    b.maxx = pod<double>();
    b.maxy = pod<double>();
    return b;
  }
};

// Writes `path` atomically (a temporary sibling renamed over it, mode 0600): the header with
// `identity`, then the payload that `body` writes. False when it could not be written (read-only or
// full disk): the cache is only a shortcut, so callers go on without it.
bool writeCacheFile(const std::string& path, const std::string& identity, const std::function<void(CacheWriter&)>& body);

// Opens `path` and hands its payload to `body` when the header names `identity` and the payload's
// length and checksum match. True when all that held, `body` returned true, its reader stayed ok
// and it read the payload to the end.
bool readCacheFile(const std::string& path, const std::string& identity, const std::function<bool(CacheReader&)>& body);

}  // namespace pk
