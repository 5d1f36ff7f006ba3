#include "core/safe_write.h"

#include <fcntl.h>
#include <gdal_priv.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/database_source.h"
#include "core/layer_io.h"

namespace pk {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTempPrefix = ".prokus-tmp-";

std::string errnoText() { return std::strerror(errno); }

// The process umask, read without changing it (Linux >= 4.7 reports it in /proc); the classic
// set-and-restore is the fallback.
mode_t currentUmask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  }
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

mode_t modeFor(const std::string& target, FileAccess access) {
  if (access == FileAccess::Private) return 0600;
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  return 0666 & ~currentUmask();
}

// Parses ".prokus-tmp-PID-N-" at the start of a name; returns the pid, or 0 if the name is not ours.
long temporaryOwner(std::string_view name) {
  if (name.substr(0, kTempPrefix.size()) != kTempPrefix) return 0;
  name.remove_prefix(kTempPrefix.size());
  long pid = 0;
  auto [afterPid, pidError] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (pidError != std::errc() || afterPid == name.data() || afterPid == name.data() + name.size() || *afterPid != '-')
    return 0;
  name.remove_prefix(size_t(afterPid - name.data()) + 1);
  unsigned long counter = 0;
  auto [afterCounter, counterError] = std::from_chars(name.data(), name.data() + name.size(), counter);
  if (counterError != std::errc() || afterCounter == name.data() || afterCounter == name.data() + name.size() ||
      *afterCounter != '-')
    return 0;
  return pid > 0 ? pid : 0;
}

}  // namespace

std::optional<FileIdentity> identityOf(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino};
}

void InputFiles::add(const std::string& path) {
  if (isDatabaseSource(path)) return;  // a database table is no file an output could overwrite
  if (auto id = identityOf(path)) files_.emplace_back(*id, path);
}

void InputFiles::addDataset(const std::string& path) {
  if (isDatabaseSource(path)) return;  // no files, and no connection just to list them
  add(path);
  initGdal();
  // Opening only lists the files (read-only); errors stay quiet, the loader reports them itself.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr,
                               nullptr);
  CPLPopErrorHandler();
  if (!ds) return;
  char** list = GDALGetFileList(ds);
  for (char** f = list; f && *f; ++f) add(*f);
  CSLDestroy(list);
  GDALClose(ds);
}

std::optional<std::string> InputFiles::inputAt(const std::string& outputPath) const {
  const auto id = identityOf(outputPath);
  if (!id) return std::nullopt;
  for (const auto& [inputId, name] : files_)
    if (inputId == *id) return name;
  return std::nullopt;
}

void InputFiles::checkOutput(const std::string& outputPath) const {
  if (auto input = inputAt(outputPath))
    throw InputError(outputPath, "is the input file " + *input +
                                     " of this run (the same file on disk); inputs are never overwritten: choose "
                                     "another output name");
}

void InputFiles::checkStandardOutput() const {
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)) return;  // a terminal or a pipe
  const FileIdentity out{st.st_dev, st.st_ino};
  for (const auto& [id, name] : files_)
    if (id == out)
      throw InputError(name, "is also this run's standard output (a shell redirection '>' or '>>' onto an input); "
                             "write the table to another file");
}

std::string resolveWriteTarget(const std::string& path) {
  fs::path p(path);
  // Follow a chain of links by hand: fs::canonical needs the final file to exist.
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    fs::path next = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  throw std::runtime_error(path + ": too many levels of symbolic links");
}

std::string temporarySiblingPath(const std::string& target) {
  static std::atomic<unsigned long> counter{0};
  const fs::path p(target);
  const std::string name = std::string(kTempPrefix) + std::to_string(::getpid()) + "-" +
                           std::to_string(counter.fetch_add(1)) + "-" + p.filename().string();
  return (p.parent_path() / name).string();
}

bool isTemporarySiblingName(std::string_view fileName) { return temporaryOwner(fileName) != 0; }

void removeStaleTemporarySiblings(const std::string& target) {
  const fs::path p(target);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string stem = p.filename().string();
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const long pid = temporaryOwner(name);
    if (pid == 0 || pid == ::getpid()) continue;
    // Only this target's leftovers: ".prokus-tmp-PID-N-<target name>" and its sidecars.
    const size_t nameStart = name.find('-', name.find('-', kTempPrefix.size()) + 1) + 1;
    if (name.compare(nameStart, stem.size(), stem) != 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // its writer still runs
    std::error_code removeError;
    fs::remove(it->path(), removeError);
  }
}

void syncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": cannot open to flush (" + errnoText() + ")");
  if (::fsync(fd) != 0) {
    const std::string why = errnoText();
    ::close(fd);
    throw std::runtime_error(path + ": cannot flush to disk (" + why + ")");
  }
  ::close(fd);
}

void syncFolder(const std::string& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // not fatal: the rename itself is done
  ::fsync(fd);
  ::close(fd);
}

void finishTemporaryFile(const std::string& tmp, const std::string& target, FileAccess access) {
  if (::chmod(tmp.c_str(), modeFor(resolveWriteTarget(target), access)) != 0)
    throw std::runtime_error(target + ": cannot set the file mode (" + errnoText() + ")");
  syncFile(tmp);
}

void commitTemporaryFile(const std::string& tmp, const std::string& target, FileAccess access) {
  const std::string destination = resolveWriteTarget(target);
  try {
    finishTemporaryFile(tmp, destination, access);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (::rename(tmp.c_str(), destination.c_str()) != 0) {
    const std::string why = errnoText();
    ::unlink(tmp.c_str());
    throw std::runtime_error(target + ": cannot replace (" + why + ")");
  }
  syncFolder(fs::path(destination).parent_path().string());
}

void writeFileAtomically(const std::string& path, std::string_view contents, FileAccess access) {
  const std::string destination = resolveWriteTarget(path);
  const std::string tmp = temporarySiblingPath(fs::absolute(destination).string());
  // O_EXCL: never follow or reuse anything already at the temporary name. 0600 until committed,
  // so personal data is never readable by others, not even for a moment.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(path + ": cannot write (" + errnoText() + ")");
  const char* p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errnoText();
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error(path + ": cannot write (" + why + ")");
    }
    p += n;
    left -= size_t(n);
  }
  if (::close(fd) != 0) {
    const std::string why = errnoText();
    ::unlink(tmp.c_str());
    throw std::runtime_error(path + ": cannot write (" + why + ")");
  }
  commitTemporaryFile(tmp, path, access);
}

void checkWritableFolder(const std::string& folder) {
  const std::string shown = folder.empty() ? "." : folder;
  struct stat st {};
  if (::stat(shown.c_str(), &st) != 0)
    throw InputError(shown, "cannot write into the folder " + shown + " (" + errnoText() + ")");
  if (!S_ISDIR(st.st_mode)) throw InputError(shown, "cannot write into " + shown + ": it is not a folder");
  if (::access(shown.c_str(), W_OK | X_OK) != 0)
    throw InputError(shown, "cannot write into the folder " + shown + " (" + errnoText() + ")");
}

}  // namespace pk
