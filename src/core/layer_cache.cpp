#include "core/layer_cache.h"

#include "core/safe_write.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <cerrno>
#include <filesystem>
#include <type_traits>

namespace fs = std::filesystem;

namespace pk {

namespace {

// Bump whenever Layer, Feature or what the loader puts in them changes (reprojection, repair, areas,
// warnings, field guesses): old entries then miss and are replaced.
constexpr std::uint32_t kFormatVersion = 1;
constexpr char kMagic[8] = {'P', 'K', 'L', 'A', 'Y', 'E', 'R', 'C'};

static_assert(std::is_trivially_copyable_v<Vec2> && sizeof(Vec2) == 2 * sizeof(double));

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// FNV-1a over 8-byte words in 4 independent lanes (a byte at a time is too slow for 100 MB): every
// step is a bijection of the lane's state, so any changed word changes the result. Fed in pieces of
// any size (the writer streams), the result is that of the whole at once.
class PayloadChecksum {
 public:
  void add(const char* data, size_t size) {
    size_ += size;
    if (pending_ > 0) {
      const size_t n = std::min(size, sizeof block_ - pending_);
      std::memcpy(block_ + pending_, data, n);
      pending_ += n, data += n, size -= n;
      if (pending_ < sizeof block_) return;
      mix(block_);
      pending_ = 0;
    }
    for (; size >= sizeof block_; data += sizeof block_, size -= sizeof block_) mix(data);
    std::memcpy(block_, data, size);
    pending_ = size;
  }
  std::uint64_t value() const {
    std::uint64_t h = size_;
    for (size_t i = 0; i < pending_; ++i) h = (h ^ static_cast<unsigned char>(block_[i])) * kPrime;
    for (std::uint64_t v : lane_) h = (h ^ v ^ (v >> 31)) * kPrime;
    return h;
  }

 private:
  static constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  void mix(const char* block) {
    for (int l = 0; l < 4; ++l) {
      std::uint64_t w;
      std::memcpy(&w, block + 8 * l, 8);
      lane_[l] = (lane_[l] ^ w) * kPrime;
    }
  }
  std::uint64_t lane_[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL};
  char block_[32];
  size_t pending_ = 0;
  std::uint64_t size_ = 0;
};

std::string hex(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[size_t(i)] = digits[v & 15];
  return out;
}

bool cacheTurnedOff() {
  const char* setting = std::getenv("PROKUS_LAYER_CACHE");
  return setting && std::string_view(setting) == "0";
}

// Writes plain values, strings and arrays to an entry's file through a buffer (a national layer's
// entry is 100 MB: it is never held whole in memory), summing the payload as it goes.
class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) { buffer_.reserve(kBuffer); }
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes(&v, sizeof v);
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    bytes(s.data(), s.size());
  }
  void points(const std::vector<Vec2>& v) {
    pod<std::uint64_t>(v.size());
    bytes(v.data(), v.size() * sizeof(Vec2));
  }
  void bbox(const BBox& b) {
    for (double d : {b.minx, b.miny, b.maxx, b.maxy}) pod(d);
  }
  void bytes(const void* data, size_t n) {
    if (buffer_.size() + n > kBuffer) flush();
    if (n >= kBuffer) return put(static_cast<const char*>(data), n);
    buffer_.append(static_cast<const char*>(data), n);
  }
  // Everything written from now on is payload: summed and counted.
  void startPayload() {
    flush();
    inPayload_ = true;
  }
  void flush() {
    put(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  std::uint64_t payloadSize() const { return payloadSize_; }
  std::uint64_t checksum() const { return sum_.value(); }

 private:
  static constexpr size_t kBuffer = 1 << 20;
  void put(const char* p, size_t n) {
    if (inPayload_) {
      sum_.add(p, n);
      payloadSize_ += n;
    }
    while (n > 0) {
      const ssize_t done = ::write(fd_, p, n);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) throw std::runtime_error(std::strerror(errno));
      p += done, n -= size_t(done);
    }
  }
  int fd_;
  std::string buffer_;
  bool inPayload_ = false;
  PayloadChecksum sum_;
  std::uint64_t payloadSize_ = 0;
};

// A cache file mapped read-only. Parts already read are handed back (release), so reading a 250 MB
// entry does not hold the whole file in memory beside the layers made from it.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = size_t(st.st_size);
        ::madvise(p, size_, MADV_SEQUENTIAL);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }
  // Drops the pages before `upTo` from this process (they stay in the page cache, and would be read
  // again if touched), once 16 MB have gathered.
  void release(const char* upTo) {
    static const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    const size_t end = size_t(upTo - data_) / page * page;
    if (end < released_ + (16u << 20)) return;
    ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
  }
  // The pages may be needed again from the start (the payload is read twice: checksum, then contents).
  void rewind() { released_ = 0; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;
};

// Reads them back, checking every length against what is left; `ok` turns false at the first
// read past the end (or an impossible count), and everything after reads as zero.
struct Reader {
  const char* p;
  const char* end;
  MappedFile* source = nullptr;  // told how far reading got, to drop what was read
  bool ok = true;
  void progress() {
    if (source) source->release(p);
  }
  bool take(void* to, size_t n) {
    if (!ok || size_t(end - p) < n) {
      ok = false;
      std::memset(to, 0, n);
      return false;
    }
    std::memcpy(to, p, n);
    p += n;
    return true;
  }
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
  void points(std::vector<Vec2>& v) {
    const size_t n = count(sizeof(Vec2));
    v.resize(n);
    if (n) take(v.data(), n * sizeof(Vec2));
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

size_t vertexCount(const std::vector<LayerPtr>& layers) {
  size_t n = 0;
  for (const auto& layer : layers)
    for (const Feature& f : layer->features) {
      for (const auto& part : f.polygon.parts)
        for (const auto& ring : part.rings) n += ring.size();
      for (const auto& line : f.lines) n += line.size();
      n += f.points.size();
    }
  return n;
}

void writeCachedLayer(Writer& w, const Layer& layer) {
  w.str(layer.layerName);
  w.str(layer.displayName);
  w.str(layer.sourceCrs);
  w.pod<std::uint8_t>(std::uint8_t(layer.kind));
  w.pod<std::int32_t>(layer.nameField);
  w.pod<std::int32_t>(layer.codeField);
  w.pod<std::uint64_t>(layer.fieldNames.size());
  for (const auto& name : layer.fieldNames) w.str(name);
  w.bbox(layer.bbox);
  w.pod<std::uint64_t>(layer.loadWarnings.size());
  for (const LoadWarning& warning : layer.loadWarnings) {
    w.pod<std::uint8_t>(std::uint8_t(warning.issue));
    w.pod<std::uint64_t>(warning.features.size());
    for (const auto& label : warning.features) w.str(label);
  }
  w.pod<std::uint64_t>(layer.features.size());
  for (const Feature& f : layer.features) {
    w.bbox(f.bbox);
    w.pod(f.areaKm2);
    w.pod<std::uint64_t>(f.values.size());
    for (const auto& v : f.values) w.str(v);
    w.pod<std::uint64_t>(f.polygon.parts.size());
    for (const Polygon& part : f.polygon.parts) {
      w.pod<std::uint64_t>(part.rings.size());
      for (const Ring& ring : part.rings) w.points(ring);
    }
    w.pod<std::uint64_t>(f.lines.size());
    for (const auto& line : f.lines) w.points(line);
    w.points(f.points);
  }
}

LayerPtr readCachedLayer(Reader& r) {
  auto layer = std::make_shared<Layer>();
  layer->layerName = r.str();
  layer->displayName = r.str();
  layer->sourceCrs = r.str();
  const auto kind = r.pod<std::uint8_t>();
  if (kind > std::uint8_t(GeometryKind::Point)) r.ok = false;
  layer->kind = GeometryKind(kind);
  layer->nameField = r.pod<std::int32_t>();
  layer->codeField = r.pod<std::int32_t>();
  layer->fieldNames.resize(r.count(8));
  for (auto& name : layer->fieldNames) name = r.str();
  if (layer->nameField < -1 || layer->nameField >= int(layer->fieldNames.size()) || layer->codeField < -1 ||
      layer->codeField >= int(layer->fieldNames.size()))
    r.ok = false;
  layer->bbox = r.bbox();
  layer->loadWarnings.resize(r.count(9));
  for (LoadWarning& warning : layer->loadWarnings) {
    const auto issue = r.pod<std::uint8_t>();
    if (issue > std::uint8_t(LoadIssue::DuplicateCode)) r.ok = false;
    warning.issue = LoadIssue(issue);
    warning.features.resize(r.count(8));
    for (auto& label : warning.features) label = r.str();
  }
  layer->features.resize(r.count(4 * 8 + 8 + 3 * 8 + 8));
  for (Feature& f : layer->features) {
    f.bbox = r.bbox();
    f.areaKm2 = r.pod<double>();
    f.values.resize(r.count(8));
    if (f.values.size() != layer->fieldNames.size()) r.ok = false;
    for (auto& v : f.values) v = r.str();
    f.polygon.parts.resize(r.count(8));
    for (Polygon& part : f.polygon.parts) {
      part.rings.resize(r.count(8));
      for (Ring& ring : part.rings) r.points(ring);
    }
    f.lines.resize(r.count(8));
    for (auto& line : f.lines) r.points(line);
    r.points(f.points);
    if (!r.ok) break;
    r.progress();
  }
  return layer;
}

constexpr size_t kFixedHeader = sizeof kMagic + 4 + 4;  // magic, version, reserved; then identity, payload length, checksum


}  // namespace

std::string layerCacheFolder() {
  if (cacheTurnedOff()) return "";
  if (const char* dir = std::getenv("PROKUS_LAYER_CACHE_DIR"); dir && *dir) return dir;
  // XDG: a relative XDG_CACHE_HOME is invalid and ignored.
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    return (fs::path(xdg) / "prokus-map" / "layers").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".cache" / "prokus-map" / "layers").string();
  return "";
}

std::optional<LayerCacheKey> layerCacheKey(const std::string& absolutePath, const std::vector<std::string>& datasetFiles,
                                           int mapEpsg) {
  const std::string folder = layerCacheFolder();
  if (folder.empty()) return std::nullopt;
  LayerCacheKey key;
  const std::string entry = "version " + std::to_string(kFormatVersion) + "\nmap EPSG:" + std::to_string(mapEpsg) +
                            "\nsource " + absolutePath + "\n";
  key.entryPath = (fs::path(folder) / (hex(fnv1a(entry)) + ".bin")).string();
  key.identity = entry;
  std::vector<std::string> files = datasetFiles;
  // SQLite's write-ahead log holds changes not yet in the GeoPackage itself.
  files.push_back(absolutePath + "-wal");
  for (const std::string& file : files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
      if (errno == ENOENT && &file == &files.back()) {
        key.identity += "file " + file + " absent\n";
        continue;
      }
      return std::nullopt;
    }
    key.identity += "file " + file + " size " + std::to_string(st.st_size) + " mtime " +
                    std::to_string(std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec) + " inode " +
                    std::to_string(st.st_ino) + " device " + std::to_string(st.st_dev) + "\n";
  }
  return key;
}

std::optional<std::vector<LayerPtr>> readLayerCache(const LayerCacheKey& key) {
  MappedFile file(key.entryPath);
  if (!file.data()) return std::nullopt;
  Reader header{file.data(), file.data() + file.size()};
  char magic[sizeof kMagic];
  header.take(magic, sizeof magic);
  if (!header.ok || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return std::nullopt;
  if (header.pod<std::uint32_t>() != kFormatVersion) return std::nullopt;
  header.pod<std::uint32_t>();  // reserved
  if (header.str() != key.identity || !header.ok) return std::nullopt;
  const auto payloadSize = header.pod<std::uint64_t>();
  const auto checksum = header.pod<std::uint64_t>();
  if (!header.ok || payloadSize != std::uint64_t(header.end - header.p)) return std::nullopt;
  PayloadChecksum sum;
  constexpr size_t kChunk = 8u << 20;
  for (const char* at = header.p; at < header.end;) {
    const size_t n = std::min<size_t>(kChunk, size_t(header.end - at));
    sum.add(at, n);
    file.release(at += n);
  }
  if (sum.value() != checksum) return std::nullopt;
  file.rewind();

  Reader r{header.p, header.end, &file};
  std::vector<LayerPtr> layers(r.count(1));
  for (LayerPtr& layer : layers) {
    layer = readCachedLayer(r);
    if (!r.ok) return std::nullopt;
  }
  if (!r.ok || r.p != r.end || layers.empty()) return std::nullopt;
  return layers;
}

void writeLayerCache(const LayerCacheKey& key, const std::vector<LayerPtr>& layers) {
  if (vertexCount(layers) < kLayerCacheMinVertices) return;
  // Boundaries only: a point file opened as a layer may be a beneficiary list (names, NIK), and
  // personal data is never copied anywhere the planner did not ask for.
  for (const auto& layer : layers)
    if (layer->kind != GeometryKind::Polygon) return;
  std::string tmp;
  int fd = -1;
  try {
    std::error_code ec;
    fs::create_directories(fs::path(key.entryPath).parent_path(), ec);
    removeStaleTemporarySiblings(key.entryPath);
    tmp = temporarySiblingPath(key.entryPath);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return;
    Writer w(fd);
    w.bytes(kMagic, sizeof kMagic);
    w.pod<std::uint32_t>(kFormatVersion);
    w.pod<std::uint32_t>(0);  // reserved
    w.str(key.identity);
    const off_t sizesAt = off_t(kFixedHeader + 8 + key.identity.size());
    w.pod<std::uint64_t>(0);  // payload length and checksum, filled in once known
    w.pod<std::uint64_t>(0);
    w.startPayload();
    w.pod<std::uint64_t>(layers.size());
    for (const auto& layer : layers) writeCachedLayer(w, *layer);
    w.flush();
    const std::uint64_t sizes[2] = {w.payloadSize(), w.checksum()};
    if (::pwrite(fd, sizes, sizeof sizes, sizesAt) != ssize_t(sizeof sizes)) throw std::runtime_error("short write");
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) throw std::runtime_error("close");
    commitTemporaryFile(tmp, key.entryPath, FileAccess::Private);  // removes tmp when it fails
  } catch (...) {
    // A cache that cannot be written (read-only home, full disk) only costs the next load its speed.
    if (fd >= 0) ::close(fd);
    if (!tmp.empty()) ::unlink(tmp.c_str());
  }
}

}  // namespace pk
