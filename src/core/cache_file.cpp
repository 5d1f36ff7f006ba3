#include "core/cache_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>

#include "core/safe_write.h"

namespace fs = std::filesystem;

namespace pk {

namespace {

// The file layout (header and checksum); what the payload holds is versioned in each identity.
constexpr std::uint32_t kLayoutVersion = 1;
constexpr char kMagic[8] = {'P', 'K', 'L', 'A', 'Y', 'E', 'R', 'C'};
constexpr size_t kFixedHeader = sizeof kMagic + 4 + 4;  // magic, version, reserved; then identity, payload length, checksum
constexpr std::uint64_t kPrime = 0x100000001b3ULL;

}  // namespace

void PayloadChecksum::add(const char* data, size_t size) {
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

std::uint64_t PayloadChecksum::value() const {
  std::uint64_t h = size_;
  for (size_t i = 0; i < pending_; ++i) h = (h ^ static_cast<unsigned char>(block_[i])) * kPrime;
  for (std::uint64_t v : lane_) h = (h ^ v ^ (v >> 31)) * kPrime;
  return h;
}

void PayloadChecksum::mix(const char* block) {
  for (int l = 0; l < 4; ++l) {
    std::uint64_t w;
    std::memcpy(&w, block + 8 * l, 8);
    lane_[l] = (lane_[l] ^ w) * kPrime;
  }
}

CacheWriter::CacheWriter(int fd) : fd_(fd) { buffer_.reserve(kBuffer); }

void CacheWriter::bytes(const void* data, size_t n) {
  if (buffer_.size() + n > kBuffer) flush();
  if (n >= kBuffer) return put(static_cast<const char*>(data), n);
  buffer_.append(static_cast<const char*>(data), n);
}

void CacheWriter::startPayload() {
  flush();
  inPayload_ = true;
}

void CacheWriter::flush() {
  put(buffer_.data(), buffer_.size());
  buffer_.clear();
}

void CacheWriter::put(const char* p, size_t n) {
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

// A cache file mapped read-only. Parts already read are handed back (release), so reading a 250 MB
// file does not hold it whole in memory beside what is made from it.
class MappedCacheFile {
 public:
  explicit MappedCacheFile(const std::string& path) {
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
  ~MappedCacheFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedCacheFile(const MappedCacheFile&) = delete;
  MappedCacheFile& operator=(const MappedCacheFile&) = delete;

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

void CacheReader::progress() {
  if (source) source->release(p);
}

bool writeCacheFile(const std::string& path, const std::string& identity, const std::function<void(CacheWriter&)>& body) {
  std::string tmp;
  int fd = -1;
  try {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    removeStaleTemporarySiblings(path);
    tmp = temporarySiblingPath(path);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    CacheWriter w(fd);
    w.bytes(kMagic, sizeof kMagic);
    w.pod<std::uint32_t>(kLayoutVersion);
    w.pod<std::uint32_t>(0);  // reserved
    w.str(identity);
    const off_t sizesAt = off_t(kFixedHeader + 8 + identity.size());
    w.pod<std::uint64_t>(0);  // payload length and checksum, filled in once known
    w.pod<std::uint64_t>(0);
    w.startPayload();
    body(w);
    w.flush();
    const std::uint64_t sizes[2] = {w.payloadSize(), w.checksum()};
    if (::pwrite(fd, sizes, sizeof sizes, sizesAt) != ssize_t(sizeof sizes)) throw std::runtime_error("short write");
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) throw std::runtime_error("close");
    // Renamed without fsync: a file that a power cut leaves torn fails its length or checksum and
    // is rebuilt, and flushing 100-250 MB to disk would cost the load that writes it seconds.
    if (::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("rename");
    return true;
  } catch (...) {
    if (fd >= 0) ::close(fd);
    if (!tmp.empty()) ::unlink(tmp.c_str());
    return false;
  }
}

bool readCacheFile(const std::string& path, const std::string& identity, const std::function<bool(CacheReader&)>& body) {
  MappedCacheFile file(path);
  if (!file.data()) return false;
  CacheReader header{file.data(), file.data() + file.size()};
  char magic[sizeof kMagic];
  header.take(magic, sizeof magic);
  if (!header.ok || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return false;
  if (header.pod<std::uint32_t>() != kLayoutVersion) return false;
  header.pod<std::uint32_t>();  // reserved
  if (header.str() != identity || !header.ok) return false;
  const auto payloadSize = header.pod<std::uint64_t>();
  const auto checksum = header.pod<std::uint64_t>();
  if (!header.ok || payloadSize != std::uint64_t(header.end - header.p)) return false;
  PayloadChecksum sum;
  constexpr size_t kChunk = 8u << 20;
  for (const char* at = header.p; at < header.end;) {
    const size_t n = std::min<size_t>(kChunk, size_t(header.end - at));
    sum.add(at, n);
    file.release(at += n);
  }
  if (sum.value() != checksum) return false;
  file.rewind();
  CacheReader r{header.p, header.end, &file};
  return body(r) && r.ok && r.p == r.end;
}

}  // namespace pk
